//! The command line of `vm usage`.

use std::num::NonZeroUsize;
use std::path::PathBuf;

use jiff::civil::Date;
use jiff::tz::TimeZone;

use crate::date_range::parse_date;
use crate::group_by::GroupBy;
use crate::usage_subcommand::UsageSubcommand;

/// Claude token usage and cost of every VM, from the Claude data that `claude_sync` copies to
/// ~/.claude/vms/<vm>/.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct UsageArgs {
    /// Report only this VM (repeatable)
    #[arg(long = "vm", value_name = "NAME")]
    pub vms: Vec<String>,

    /// Report only the VM of this project (-c FILE, or the nearest vm.json)
    #[arg(long)]
    pub this: bool,

    /// Also report the host's own Claude data (projects/ beside vms/)
    #[arg(long)]
    pub host: bool,

    /// Claude directory to read: a home's (vms/<vm>/projects) or one machine's (projects/, named
    /// after DIR) [default: ~/.claude]
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,

    /// Group rows by
    #[arg(long = "by", value_enum, default_value_t = GroupBy::Vm)]
    pub by: GroupBy,

    /// Split each row by model
    #[arg(long)]
    pub breakdown: bool,

    /// Only usage on or after this day (YYYY-MM-DD or YYYYMMDD, in --timezone)
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub since: Option<Date>,

    /// Only usage on or before this day (YYYY-MM-DD or YYYYMMDD, in --timezone)
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub until: Option<Date>,

    /// Time zone in which days are cut, e.g. Europe/Paris or UTC [default: the system's]
    #[arg(long, value_name = "ZONE", value_parser = parse_time_zone)]
    pub timezone: Option<TimeZone>,

    /// JSON file of prices that override or extend the built-in table
    #[arg(long, value_name = "FILE")]
    pub prices: Option<PathBuf>,

    /// Print JSON (version 1 shape) instead of a table
    #[arg(long)]
    pub json: bool,

    /// Reader threads [default: the number of CPUs]
    #[arg(long, value_name = "N")]
    pub jobs: Option<NonZeroUsize>,

    #[command(subcommand)]
    pub command: Option<UsageSubcommand>,
}

fn parse_time_zone(name: &str) -> Result<TimeZone, String> {
    TimeZone::get(name).map_err(|_| format!("`{name}` is not a time zone of the system's database"))
}
