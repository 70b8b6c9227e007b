use super::MachineState;

/// One machine of a Vagrantfile, as `vagrant status --machine-readable` reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MachineStatus {
    pub name: String,
    /// The Vagrant provider (`docker`, `virtualbox`, ...). For a machine not created, Vagrant
    /// names the default provider, not necessarily the one `up --provider` will use.
    pub provider: String,
    pub state: MachineState,
}

/// `vagrant status --machine-readable` reported an error (its `error-exit` line) instead of states.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct StatusError {
    /// Vagrant's error class, e.g. `Vagrant::Errors::NoEnvironmentError`.
    pub kind: String,
    pub message: String,
}

/// The machines in the output of `vagrant status --machine-readable`, in the order Vagrant lists
/// them. Each line is `timestamp,target,type,data...`; commas inside a field are written
/// `%!(VAGRANT_COMMA)`, line breaks `\n` and `\r`. Lines of other types (`ui`, `metadata`,
/// `state-human-*`) are skipped; an `error-exit` line is the error.
pub fn parse_machine_status(output: &str) -> Result<Vec<MachineStatus>, StatusError> {
    let mut machines: Vec<MachineStatus> = Vec::new();
    for line in output.lines() {
        let mut fields = line.splitn(4, ',');
        let (Some(_timestamp), Some(target), Some(kind)) =
            (fields.next(), fields.next(), fields.next())
        else {
            continue;
        };
        let data: Vec<String> = fields
            .next()
            .map(|data| data.split(',').map(unescape).collect())
            .unwrap_or_default();
        match kind {
            "error-exit" => {
                return Err(StatusError {
                    kind: data.first().cloned().unwrap_or_default(),
                    message: data.get(1..).map(|rest| rest.join(",")).unwrap_or_default(),
                });
            }
            "provider-name" | "state" if !target.is_empty() => {
                let target = unescape(target);
                let index = match machines.iter().position(|machine| machine.name == target) {
                    Some(index) => index,
                    None => {
                        machines.push(MachineStatus {
                            name: target,
                            provider: String::new(),
                            state: MachineState::Unknown(String::new()),
                        });
                        machines.len() - 1
                    }
                };
                let value = data.into_iter().next().unwrap_or_default();
                if kind == "state" {
                    machines[index].state = MachineState::from_vagrant(&value);
                } else {
                    machines[index].provider = value;
                }
            }
            _ => {}
        }
    }
    Ok(machines)
}

/// A field as Vagrant meant it.
fn unescape(field: &str) -> String {
    field
        .replace("%!(VAGRANT_COMMA)", ",")
        .replace("\\n", "\n")
        .replace("\\r", "\r")
}

#[cfg(test)]
mod tests {
    use super::*;
    use test_case::test_case;

    fn machine(name: &str, provider: &str, state: MachineState) -> MachineStatus {
        MachineStatus {
            name: name.to_owned(),
            provider: provider.to_owned(),
            state,
        }
    }

    // Captured from Vagrant 2.3.4 (Debian bookworm) with the docker backend; see notes/vagrant-findings.md.
    #[test_case(include_str!("status_samples/not_created.txt"), &[("vexp", MachineState::NotCreated)]; "not created")]
    #[test_case(include_str!("status_samples/running.txt"), &[("vexp", MachineState::Running)]; "running")]
    #[test_case(include_str!("status_samples/stopped.txt"), &[("vexp", MachineState::Stopped)]; "stopped by vagrant halt")]
    #[test_case(include_str!("status_samples/paused.txt"), &[("vexp", MachineState::Running)]; "docker pause still says running")]
    #[test_case(include_str!("status_samples/preparing.txt"), &[("vexp", MachineState::Preparing), ("other", MachineState::NotCreated)]; "preparing after a failed up")]
    #[test_case(include_str!("status_samples/removed_behind_back.txt"), &[("vexp", MachineState::NotCreated)]; "container removed with docker rm")]
    #[test_case(include_str!("status_samples/two_machines.txt"), &[("vexp", MachineState::Running), ("other", MachineState::NotCreated)]; "two machines, one running")]
    #[test_case(include_str!("status_samples/two_machines_stopped.txt"), &[("vexp", MachineState::Stopped), ("other", MachineState::NotCreated)]; "two machines, one stopped")]
    fn captured_docker_backend_output(output: &str, expected: &[(&str, MachineState)]) {
        let expected: Vec<MachineStatus> = expected
            .iter()
            .map(|(name, state)| machine(name, "docker", state.clone()))
            .collect();
        assert_eq!(parse_machine_status(output), Ok(expected));
    }

    #[test]
    fn no_vagrantfile_is_an_error_with_its_message_unescaped() {
        let error =
            parse_machine_status(include_str!("status_samples/no_vagrantfile.txt")).unwrap_err();
        assert_eq!(error.kind, "Vagrant::Errors::NoEnvironmentError");
        assert!(
            error.message.starts_with(
                "A Vagrant environment or target machine is required to run this\ncommand. \
                 Run `vagrant init` to create a new Vagrant environment. Or,\nget an ID"
            ),
            "{:?}",
            error.message
        );
    }

    #[test_case("", &[]; "empty output")]
    #[test_case("1,m,provider-name,virtualbox\n1,m,state,poweroff\n", &[("m", "virtualbox", MachineState::Stopped)]; "virtualbox poweroff")]
    #[test_case("1,m,provider-name,libvirt\n1,m,state,shutoff\n", &[("m", "libvirt", MachineState::Stopped)]; "libvirt shutoff")]
    #[test_case("1,m,state,saved\n1,m,provider-name,virtualbox\n", &[("m", "virtualbox", MachineState::Saved)]; "state before provider")]
    #[test_case("1,m,provider-name,vmware_desktop\n1,m,state,frozen\n", &[("m", "vmware_desktop", MachineState::Unknown("frozen".to_owned()))]; "an unknown state")]
    #[test_case("1,a%!(VAGRANT_COMMA)b,provider-name,docker\n1,a%!(VAGRANT_COMMA)b,state,running\n", &[("a,b", "docker", MachineState::Running)]; "a comma in the machine name")]
    #[test_case("1,,ui,info,Current machine states:\\n\\nm running\n1,m,state-human-short,running\n", &[]; "ui and human lines only")]
    #[test_case("garbage\n1,m\n1,m,provider-name,docker\n1,m,state,running\n", &[("m", "docker", MachineState::Running)]; "short lines are skipped")]
    fn written_output(output: &str, expected: &[(&str, &str, MachineState)]) {
        let expected: Vec<MachineStatus> = expected
            .iter()
            .map(|(name, provider, state)| machine(name, provider, state.clone()))
            .collect();
        assert_eq!(parse_machine_status(output), Ok(expected));
    }

    #[test]
    fn an_error_exit_with_commas_in_its_message() {
        let output = "1,,error-exit,Vagrant::Errors::Foo,one%!(VAGRANT_COMMA) two\\nthree\n";
        assert_eq!(
            parse_machine_status(output),
            Err(StatusError {
                kind: "Vagrant::Errors::Foo".to_owned(),
                message: "one, two\nthree".to_owned()
            })
        );
    }
}
