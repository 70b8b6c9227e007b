//! `versions.nvm` in a real container: the generated languages stage run as it would be built, with stand-ins
//! for what cannot be fetched here (apt, and nvm's installer from GitHub, whose stand-in nvm "installs" a node
//! that prints its version). What is checked is vm's part: nvm installed as the machine user into its home, and
//! node on the PATH of login shells, other interactive shells and plain `docker exec`.

use std::io::Write;
use std::process::{Command, Stdio};

use vm::provision::{LanguageSpec, ProvisionSpec, provision};

use crate::common::{docker, docker_engine, stderr, stdout};

/// The stand-ins: `apt-get` does nothing; `curl` logs what it is asked for and answers with an installer that
/// writes an `nvm.sh` whose `nvm` installs, aliases and finds a node that prints its version, and which puts the
/// default on the PATH when sourced, as nvm's own does.
const STAND_INS: &str = r#"mkdir -p /opt/stand-in
printf '#!/bin/sh\nexit 0\n' > /opt/stand-in/apt-get
cat > /opt/stand-in/curl <<'CURL'
#!/bin/sh
echo "$@" >> /tmp/curl-asked
cat <<'INSTALLER'
mkdir -p "$NVM_DIR"
cat > "$NVM_DIR/nvm.sh" <<'NVM'
nvm() {
  case "$1" in
    install)
      mkdir -p "$NVM_DIR/versions/node/v$2/bin"
      for tool in node npm npx; do printf '#!/bin/sh\necho %s v%s\n' "$tool" "$2" > "$NVM_DIR/versions/node/v$2/bin/$tool"; done
      chmod +x "$NVM_DIR/versions/node/v$2/bin/"* ;;
    alias) mkdir -p "$NVM_DIR/alias" && echo "$3" > "$NVM_DIR/alias/default" ;;
    which) echo "$NVM_DIR/versions/node/v$(cat "$NVM_DIR/alias/default")/bin/node" ;;
  esac
}
if [ -f "$NVM_DIR/alias/default" ]; then PATH="$NVM_DIR/versions/node/v$(cat "$NVM_DIR/alias/default")/bin:$PATH"; fi
NVM
INSTALLER
CURL
chmod +x /opt/stand-in/*
"#;

fn exec(container: &str, user: &str, command: &[&str]) -> String {
    let output = docker(
        &[&["exec", "--user", user, container], command]
            .concat()
            .iter()
            .map(|word| &**word)
            .collect::<Vec<_>>(),
    );
    assert!(output.status.success(), "{command:?}: {}", stderr(&output));
    stdout(&output)
}

#[test]
fn nvm_installs_node_for_the_machine_user_on_every_kind_of_path() {
    if !docker_engine() {
        return;
    }
    let mut spec = ProvisionSpec::new("nvm", "vm-base:latest", "vagrant");
    spec.languages = vec![LanguageSpec {
        name: "node".into(),
        version: Some("20".into()),
        manager: Some("v0.39.7".into()),
        ..LanguageSpec::default()
    }];
    let stage = provision(&spec).unwrap().stages[0].script.clone();
    let container = format!("vm-nvm-e2e-{}", std::process::id());
    let started = docker(&[
        "run",
        "--detach",
        "--rm",
        "--label",
        "dev.vm.test=nvm-e2e",
        "--name",
        &container,
        "vm-base:latest",
        "sleep",
        "600",
    ]);
    assert!(started.status.success(), "{}", stderr(&started));
    exec(&container, "0", &["bash", "-c", STAND_INS]);

    let mut run = Command::new("docker")
        .args(["exec", "--interactive", "--user", "0", &container])
        .args([
            "env",
            "PATH=/opt/stand-in:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
        ])
        .args(["bash", "-s"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    run.stdin
        .take()
        .unwrap()
        .write_all(stage.as_bytes())
        .unwrap();
    let built = run.wait_with_output().unwrap();
    let removed = || docker(&["rm", "--force", &container]);
    if !built.status.success() {
        removed();
        panic!(
            "the stage failed: {}",
            String::from_utf8_lossy(&built.stderr)
        );
    }
    assert_eq!(String::from_utf8_lossy(&built.stdout), "node v20\n");

    let asked = exec(&container, "0", &["cat", "/tmp/curl-asked"]);
    let owner = exec(
        &container,
        "0",
        &["stat", "-c", "%U", "/home/vagrant/.nvm/nvm.sh"],
    );
    let plain = exec(&container, "vagrant", &["node", "--version"]);
    let npm = exec(&container, "vagrant", &["npm", "--version"]);
    let login = exec(
        &container,
        "vagrant",
        &["bash", "-lc", "type -t nvm; command -v node"],
    );
    let interactive = exec(&container, "vagrant", &["bash", "-ic", "type -t nvm; node"]);
    removed();
    assert_eq!(
        asked,
        "-fsSL https://raw.githubusercontent.com/nvm-sh/nvm/v0.39.7/install.sh\n"
    );
    assert_eq!(owner, "vagrant\n");
    assert_eq!(plain, "node v20\n");
    assert_eq!(npm, "npm v20\n");
    assert_eq!(
        login,
        "function\n/home/vagrant/.nvm/versions/node/v20/bin/node\n"
    );
    assert!(
        interactive.ends_with("function\nnode v20\n"),
        "{interactive:?}"
    );
}
