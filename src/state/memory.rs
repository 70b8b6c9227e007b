use std::fmt;

const MIB: i64 = 1024 * 1024;

/// A machine's memory limit, and its swap where someone set one beside it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Memory {
    pub mib: i64,
    pub swap: Swap,
}

/// Swap as Docker reports it next to the memory limit; vm makes machines without swap.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Swap {
    Off,
    Unlimited,
    /// Memory and swap together, in MiB.
    Total(i64),
}

impl Memory {
    pub fn without_swap(mib: u32) -> Memory {
        Memory {
            mib: i64::from(mib),
            swap: Swap::Off,
        }
    }

    /// Docker's `HostConfig.Memory` and `MemorySwap`, in bytes.
    pub fn from_docker(memory_bytes: i64, swap_bytes: i64) -> Memory {
        let swap = match swap_bytes {
            swap if swap == memory_bytes || swap == 0 => Swap::Off,
            -1 => Swap::Unlimited,
            swap => Swap::Total(swap / MIB),
        };
        Memory {
            mib: memory_bytes / MIB,
            swap,
        }
    }
}

impl fmt::Display for Memory {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} MiB", self.mib)?;
        match self.swap {
            Swap::Off => Ok(()),
            Swap::Unlimited => f.write_str(" (swap unlimited)"),
            Swap::Total(total) => write!(f, " (memory and swap {total} MiB)"),
        }
    }
}

/// A CPU limit, in billionths of a core, as Docker keeps it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Cpus {
    pub nano: u64,
}

impl Cpus {
    pub fn whole(cores: u32) -> Cpus {
        Cpus {
            nano: u64::from(cores) * 1_000_000_000,
        }
    }
}

impl fmt::Display for Cpus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.nano.is_multiple_of(1_000_000_000) {
            write!(f, "{}", self.nano / 1_000_000_000)
        } else {
            write!(f, "{}", self.nano as f64 / 1e9)
        }
    }
}
