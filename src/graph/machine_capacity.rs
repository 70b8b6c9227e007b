/// What the engine that runs the machine has: a machine asks for at most this. Docker refuses a container with
/// more CPUs than the engine has (`Range of CPUs is from 0.01 to 2.00`), after the image was built, and a team's
/// one vm.json meets machines of every size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MachineCapacity {
    pub cpus: u32,
    pub memory_mib: u32,
}

impl MachineCapacity {
    /// This host's CPUs (those this process may run on, as the engine counts them) and memory: a local engine's,
    /// and what a local VM can be given.
    pub fn of_this_host() -> Option<MachineCapacity> {
        let cpus = std::thread::available_parallelism().ok()?.get();
        let meminfo = std::fs::read_to_string("/proc/meminfo").ok()?;
        Some(MachineCapacity {
            cpus: u32::try_from(cpus).unwrap_or(u32::MAX),
            memory_mib: memory_total_mib(&meminfo)?,
        })
    }

    /// `asked` within this capacity, and the warning that says so where it was more.
    pub fn cap(&self, asked: Asked) -> (u32, Option<String>) {
        let (have, what, unit) = match asked {
            Asked::Cpus(_) => (self.cpus, "vm.cpus", "CPUs"),
            Asked::MemoryMib(_) => (self.memory_mib, "vm.memory", "MiB"),
        };
        let value = asked.value();
        if value <= have {
            return (value, None);
        }
        let warning = format!(
            "{what} asks for {value} {unit}, more than the {have} {unit} the engine has: the machine gets {have}"
        );
        (have, Some(warning))
    }
}

/// A size vm.json asks for.
#[derive(Debug, Clone, Copy)]
pub enum Asked {
    Cpus(u32),
    MemoryMib(u32),
}

impl Asked {
    fn value(self) -> u32 {
        match self {
            Asked::Cpus(value) | Asked::MemoryMib(value) => value,
        }
    }
}

/// `MemTotal:  24561234 kB` in MiB.
fn memory_total_mib(meminfo: &str) -> Option<u32> {
    let line = meminfo.lines().find(|line| line.starts_with("MemTotal:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    u32::try_from(kib / 1024).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_the_engine_has_caps_what_is_asked_and_says_both_numbers() {
        let capacity = MachineCapacity {
            cpus: 2,
            memory_mib: 3900,
        };
        assert_eq!(capacity.cap(Asked::Cpus(2)), (2, None));
        assert_eq!(
            capacity.cap(Asked::Cpus(4)),
            (
                2,
                Some(
                    "vm.cpus asks for 4 CPUs, more than the 2 CPUs the engine has: the machine gets 2"
                        .to_owned()
                )
            )
        );
        assert_eq!(capacity.cap(Asked::MemoryMib(8192)).0, 3900);
    }

    #[test]
    fn memory_is_read_from_meminfo() {
        assert_eq!(
            memory_total_mib("MemTotal:       24561234 kB\nMemFree: 1 kB\n"),
            Some(23985)
        );
        assert!(MachineCapacity::of_this_host().is_some_and(|c| c.cpus >= 1));
    }
}
