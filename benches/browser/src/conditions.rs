//! The conditions each scenario runs under: the machine as it is, and a mid-range phone
//! (4× CPU slowdown) on a mobile network (150 ms round trip, 1.6 Mbps down, 750 kbps up).

use serde::Serialize;

/// A measuring condition.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, clap::ValueEnum)]
pub enum Condition {
    /// No throttling.
    Normal,
    /// 4× CPU throttling and the mobile network profile.
    Mobile,
}

/// A network profile for `Network.emulateNetworkConditions`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Network {
    /// Added round-trip latency, in ms.
    pub latency_ms: f64,
    /// Download bytes per second.
    pub down_bytes_per_s: f64,
    /// Upload bytes per second.
    pub up_bytes_per_s: f64,
}

impl Condition {
    /// Both conditions, in the order they run.
    pub const ALL: [Condition; 2] = [Condition::Normal, Condition::Mobile];

    /// The short name used in tables and JSON.
    pub fn name(self) -> &'static str {
        match self {
            Self::Normal => "normal",
            Self::Mobile => "4×cpu+mobile",
        }
    }

    /// The CPU slowdown (`Emulation.setCPUThrottlingRate`), 1 for none.
    pub fn cpu_rate(self) -> f64 {
        match self {
            Self::Normal => 1.0,
            Self::Mobile => 4.0,
        }
    }

    /// The emulated network, if any.
    pub fn network(self) -> Option<Network> {
        match self {
            Self::Normal => None,
            Self::Mobile => Some(Network {
                latency_ms: 150.0,
                down_bytes_per_s: 1_600_000.0 / 8.0,
                up_bytes_per_s: 750_000.0 / 8.0,
            }),
        }
    }

    /// Seconds to download `bytes` under this condition's network, if it is limited.
    pub fn download_secs(self, bytes: u64) -> Option<f64> {
        self.network().map(|n| bytes as f64 / n.down_bytes_per_s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mobile_profile_matches_the_brief() {
        let net = Condition::Mobile.network().unwrap_or(Network {
            latency_ms: 0.0,
            down_bytes_per_s: 0.0,
            up_bytes_per_s: 0.0,
        });
        assert_eq!(net.latency_ms, 150.0);
        assert_eq!(net.down_bytes_per_s, 200_000.0);
        assert_eq!(net.up_bytes_per_s, 93_750.0);
        assert_eq!(Condition::Mobile.cpu_rate(), 4.0);
        assert_eq!(Condition::Mobile.download_secs(35_000_000), Some(175.0));
        assert!(Condition::Normal.network().is_none());
    }
}
