use super::{Addon, CatalogEntry, EntryKind, UrlVariable};

/// Every service and language runtime, in the order their steps run in a script.
pub static CATALOG: &[CatalogEntry] = &[
    CatalogEntry {
        name: "postgresql",
        kind: EntryKind::Service,
        description: "PostgreSQL (Debian's postgresql)",
        apt: &["postgresql", "postgresql-client"],
        // Debian's package creates the cluster at install time; it must listen on the bridge for a published port.
        configure: r#"set -- $(pg_lsclusters --no-header | awk '{print $1, $2; exit}')
pg_conftool "$1" "$2" set port {port}
pg_conftool "$1" "$2" set listen_addresses '*'
printf 'host all all 0.0.0.0/0 scram-sha-256\nhost all all ::/0 scram-sha-256\n' >> "/etc/postgresql/$1/$2/pg_hba.conf""#,
        // No systemd in a container: pg_ctlcluster starts the cluster directly; /run is empty after a restart.
        // The data's volume outlives images, whose packages may give the service's user another uid: its
        // files become the user's again.
        start: r#"install -d -o postgres -g postgres -m 2775 /var/run/postgresql
[ "$(stat -c %U /var/lib/postgresql)" = postgres ] || chown -R postgres:postgres /var/lib/postgresql
set -- $(pg_lsclusters --no-header | awk '{print $1, $2; exit}')
pg_ctlcluster "$1" "$2" start"#,
        // Fast shutdown: clients are disconnected and the cluster checkpoints, rather than waiting on them.
        stop: r#"set -- $(pg_lsclusters --no-header | awk '{print $1, $2; exit}')
pg_ctlcluster "$1" "$2" stop -m fast"#,
        // Debian's `pg_isready` on PATH is pg_wrapper, a Perl script: ~30 ms a call against ~9 ms for the
        // version's own binary, paid by every no-op plan and every wait for readiness. Any version's pg_isready
        // answers for any server, so the first one found does; PATH's is the fallback where the layout differs.
        health: r#"set -- /usr/lib/postgresql/*/bin/pg_isready; [ -x "$1" ] || set -- pg_isready; "$1" -q -p {port}"#,
        installed: "pg_isready",
        start_timeout_secs: 60,
        default_port: Some(5432),
        url: Some(UrlVariable {
            name: "DATABASE_URL",
            template: "postgresql://{db_user}:{password}@localhost:{port}/{database}",
        }),
        data_dir: Some("/var/lib/postgresql"),
        log: Some("/var/log/postgresql/*.log"),
        // psql quotes the values itself (:'x' as a literal, format's %I as an identifier): they arrive as words.
        create_database: r#"cd /tmp && runuser -u postgres -- psql -X -q -p {port} -v ON_ERROR_STOP=1 -v db={database} -v db_user={db_user} -v password={password} <<'SQL'
SELECT format('CREATE ROLE %I LOGIN', :'db_user') WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'db_user')\gexec
SELECT format('ALTER ROLE %I WITH LOGIN PASSWORD %L', :'db_user', :'password')\gexec
SELECT format('CREATE DATABASE %I OWNER %I', :'db', :'db_user') WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = :'db')\gexec
SQL"#,
        count_tables: r#"PGPASSWORD={password} psql -X -q -A -t -h 127.0.0.1 -p {port} -U {db_user} -d {database} -c "SELECT count(*) FROM information_schema.tables WHERE table_schema NOT IN ('pg_catalog', 'information_schema')""#,
        // One transaction: a backup that fails halfway leaves the database empty, to be restored again.
        restore: "PGPASSWORD={password} psql -X -q -h 127.0.0.1 -p {port} -U {db_user} -d {database} -v ON_ERROR_STOP=1 --single-transaction",
        default_db_user: Some("postgres"),
        default_password: Some("postgres"),
        ..SERVICE
    },
    CatalogEntry {
        name: "redis",
        kind: EntryKind::Service,
        description: "Redis (Debian's redis-server)",
        apt: &["redis-server", "redis-tools"],
        start: r#"install -d -o redis -g redis -m 2775 /run/redis
[ "$(stat -c %U /var/lib/redis)" = redis ] || chown -R redis:redis /var/lib/redis
runuser -u redis -- redis-server /etc/redis/redis.conf --port {port} --bind 0.0.0.0 --protected-mode no --daemonize yes"#,
        stop: "redis-cli -p {port} shutdown save",
        health: "redis-cli -p {port} ping | grep -q PONG",
        installed: "redis-server",
        start_timeout_secs: 30,
        default_port: Some(6379),
        url: Some(UrlVariable {
            name: "REDIS_URL",
            template: "redis://localhost:{port}",
        }),
        data_dir: Some("/var/lib/redis"),
        log: Some("/var/log/redis/redis-server.log"),
        ..SERVICE
    },
    CatalogEntry {
        name: "mysql",
        kind: EntryKind::Service,
        description: "MariaDB (Debian's default-mysql-server)",
        apt: &["default-mysql-server", "default-mysql-client"],
        configure: r#"printf '[mysqld]\nport = %s\nbind-address = 0.0.0.0\n' {port} > /etc/mysql/mariadb.conf.d/99-vm.cnf"#,
        // The socket directory lives in /run, which systemd's tmpfiles would create; nothing does in a container.
        start: r#"install -d -o mysql -g mysql -m 0755 /run/mysqld
[ "$(stat -c %U /var/lib/mysql)" = mysql ] || chown -R mysql:mysql /var/lib/mysql
mysqld_safe > /dev/null 2>&1 &"#,
        stop: "mysqladmin shutdown",
        health: "mysqladmin --silent ping",
        installed: "mysqladmin",
        start_timeout_secs: 60,
        default_port: Some(3306),
        url: Some(UrlVariable {
            name: "MYSQL_URL",
            template: "mysql://{db_user}:{password}@localhost:{port}/{database}",
        }),
        data_dir: Some("/var/lib/mysql"),
        log: Some("/var/log/mysql/error.log"),
        // MariaDB's client has no variables: values travel as base64 (nothing to quote), QUOTE() makes literals.
        create_database: r#"{ printf "SET @db = FROM_BASE64('%s'), @db_user = FROM_BASE64('%s'), @password = FROM_BASE64('%s');\n" "$(printf %s {database} | base64 -w0)" "$(printf %s {db_user} | base64 -w0)" "$(printf %s {password} | base64 -w0)"
cat <<'SQL'
SET @quoted_db = CONCAT('`', REPLACE(@db, '`', '``'), '`');
EXECUTE IMMEDIATE CONCAT('CREATE DATABASE IF NOT EXISTS ', @quoted_db);
EXECUTE IMMEDIATE CONCAT('CREATE USER IF NOT EXISTS ', QUOTE(@db_user), '@''%'' IDENTIFIED BY ', QUOTE(@password));
EXECUTE IMMEDIATE CONCAT('ALTER USER ', QUOTE(@db_user), '@''%'' IDENTIFIED BY ', QUOTE(@password));
EXECUTE IMMEDIATE CONCAT('GRANT ALL PRIVILEGES ON ', @quoted_db, '.* TO ', QUOTE(@db_user), '@''%''');
SQL
} | mysql -u root"#,
        count_tables: "MYSQL_PWD={password} mysql -h 127.0.0.1 -P {port} -u {db_user} -N -B -e 'SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE()' -D {database}",
        restore: "MYSQL_PWD={password} mysql -h 127.0.0.1 -P {port} -u {db_user} -D {database}",
        default_db_user: Some("dev"),
        default_password: Some("dev"),
        ..SERVICE
    },
    CatalogEntry {
        name: "mongodb",
        kind: EntryKind::Service,
        description: "MongoDB 8.0 (MongoDB's apt repository)",
        // As MongoDB's installation guide for Debian gives it.
        apt_source: r#"apt-get install -y --no-install-recommends gnupg curl ca-certificates
curl -fsSL https://www.mongodb.org/static/pgp/server-8.0.asc | gpg --batch --yes -o /usr/share/keyrings/mongodb-server-8.0.gpg --dearmor
echo "deb [ signed-by=/usr/share/keyrings/mongodb-server-8.0.gpg ] http://repo.mongodb.org/apt/debian bookworm/mongodb-org/8.0 main" > /etc/apt/sources.list.d/mongodb-org-8.0.list
apt-get update"#,
        apt: &["mongodb-org"],
        start: r#"install -d -o mongodb -g mongodb /var/lib/mongodb /var/log/mongodb
[ "$(stat -c %U /var/lib/mongodb)" = mongodb ] || chown -R mongodb:mongodb /var/lib/mongodb
runuser -u mongodb -- mongod --port {port} --bind_ip_all --dbpath /var/lib/mongodb --logpath /var/log/mongodb/mongod.log --fork"#,
        stop: "runuser -u mongodb -- mongod --dbpath /var/lib/mongodb --shutdown",
        health: "mongosh --quiet --port {port} --eval 'db.runCommand({ping: 1}).ok' | grep -q 1",
        installed: "mongod",
        start_timeout_secs: 60,
        default_port: Some(27017),
        url: Some(UrlVariable {
            name: "MONGODB_URL",
            template: "mongodb://{db_user}:{password}@localhost:{port}/{database}?authSource={database}",
        }),
        data_dir: Some("/var/lib/mongodb"),
        log: Some("/var/log/mongodb/mongod.log"),
        // mongosh reads the values from its environment: no JavaScript is built from them.
        create_database: r#"VM_DB={database} VM_DB_USER={db_user} VM_PASSWORD={password} mongosh --quiet --port {port} --eval 'const e = process.env, d = db.getSiblingDB(e.VM_DB); if (d.getUser(e.VM_DB_USER)) { d.updateUser(e.VM_DB_USER, {pwd: e.VM_PASSWORD}) } else { d.createUser({user: e.VM_DB_USER, pwd: e.VM_PASSWORD, roles: [{role: "dbOwner", db: e.VM_DB}]}) }'"#,
        default_db_user: Some("dev"),
        default_password: Some("dev"),
        ..SERVICE
    },
    CatalogEntry {
        name: "docker",
        kind: EntryKind::Service,
        description: "Docker (Debian's docker.io, with docker-compose)",
        apt: &["docker.io", "docker-compose"],
        configure: "usermod -aG docker {user}",
        start: "dockerd > /var/log/dockerd.log 2>&1 &",
        health: "docker info",
        installed: "dockerd",
        start_timeout_secs: 60,
        data_dir: Some("/var/lib/docker"),
        log: Some("/var/log/dockerd.log"),
        privileged: true,
        // Debian bookworm has no docker-buildx: the plugin comes from its own releases, as Docker's documentation
        // installs it, where Debian's docker CLI looks for plugins.
        addons: &[Addon {
            name: "buildx",
            description: "with Buildx (docker/buildx's release, from github.com)",
            install: r#"apt-get install -y --no-install-recommends ca-certificates curl
buildx_version=$(curl -fsSL -o /dev/null -w '%{url_effective}' https://github.com/docker/buildx/releases/latest | sed 's#.*/tag/##')
install -d /usr/libexec/docker/cli-plugins
curl -fsSL "https://github.com/docker/buildx/releases/download/$buildx_version/buildx-$buildx_version.linux-$(dpkg --print-architecture)" -o /usr/libexec/docker/cli-plugins/docker-buildx
chmod 0755 /usr/libexec/docker/cli-plugins/docker-buildx
docker buildx version"#,
        }],
        ..SERVICE
    },
    CatalogEntry {
        name: "headless_browser",
        kind: EntryKind::Service,
        description: "Chromium on an Xvfb virtual screen",
        apt: &["chromium", "xvfb", "x11-utils"],
        start: "Xvfb {display} -screen 0 1920x1080x24 -nolisten tcp > /var/log/xvfb.log 2>&1 &",
        health: "xdpyinfo -display {display}",
        installed: "Xvfb",
        start_timeout_secs: 30,
        log: Some("/var/log/xvfb.log"),
        environment: &[
            ("DISPLAY", "{display}"),
            ("PUPPETEER_EXECUTABLE_PATH", "/usr/bin/chromium"),
        ],
        ..SERVICE
    },
    CatalogEntry {
        name: "audio",
        kind: EntryKind::Service,
        description: "PulseAudio (system-wide daemon)",
        apt: &["pulseaudio", "pulseaudio-utils"],
        // A system-wide daemon lets in members of pulse-access only: the user, and root, whom vm-health runs as.
        configure: "usermod -aG pulse-access,audio {user}\nusermod -aG pulse-access root",
        start: "pulseaudio --system --daemonize=yes --disallow-exit --exit-idle-time=-1 --log-target=file:/var/log/pulseaudio.log",
        health: "pactl --server unix:/var/run/pulse/native info",
        installed: "pulseaudio",
        start_timeout_secs: 30,
        log: Some("/var/log/pulseaudio.log"),
        environment: &[("PULSE_SERVER", "unix:/var/run/pulse/native")],
        devices: &["/dev/snd"],
        ..SERVICE
    },
    CatalogEntry {
        name: "gpu",
        kind: EntryKind::Service,
        description: "GPU access (the host's /dev/dri or NVIDIA devices)",
        apt: &["mesa-utils", "vainfo"],
        configure: "usermod -aG video {user}",
        health: "test -e /dev/dri || test -e /dev/nvidia0",
        installed: "glxinfo",
        devices: &[
            "/dev/dri",
            "/dev/nvidia0",
            "/dev/nvidiactl",
            "/dev/nvidia-uvm",
        ],
        ..SERVICE
    },
    CatalogEntry {
        name: "node",
        kind: EntryKind::Language,
        description: "Node.js (the official build, from the npm registry's node-linux-<arch>)",
        default_version: Some("22"),
        // The registry resolves no ranges, so "22" is the highest 22.x.y in the package's version list. The
        // package holds node alone: npm comes from its own package, laid out as node's own tarball does; npm 10
        // runs on every node from 18.17 (newer npm wants node 22.22), `versions.npm` upgrades it afterwards.
        install: r#"apt-get install -y --no-install-recommends ca-certificates curl
registry=https://registry.npmjs.org
highest() { curl -fsSL -H 'Accept: application/vnd.npm.install-v1+json' "$registry/$1" | grep -oE "\"$(printf %s "$2" | sed 's/\./\\./g')(\.[0-9]+)*\": *\{" | tr -d '": {' | sort -V | tail -n 1; }
arch=$(dpkg --print-architecture); case "$arch" in amd64) arch=x64 ;; esac
node_version=$(highest "node-linux-$arch" {version})
test -n "$node_version" || { echo "no node-linux-$arch matches version "{version} >&2; exit 1; }
curl -fsSL "$registry/node-linux-$arch/-/node-linux-$arch-$node_version.tgz" | tar -xz -C /usr/local --strip-components=1 package/bin package/include package/share
npm_version=$(highest npm 10)
install -d /usr/local/lib/node_modules/npm
curl -fsSL "$registry/npm/-/npm-$npm_version.tgz" | tar -xz -C /usr/local/lib/node_modules/npm --strip-components=1
ln -sf ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm
ln -sf ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx
node --version"#,
        // nvm is per user: its installer runs as the machine user into ~/.nvm and edits no profile of its own
        // (PROFILE=/dev/null): /etc/profile.d/nvm.sh loads it in login shells and /etc/bash.bashrc in other
        // interactive ones; links in /usr/local/bin put its default node on the PATH of every process, `docker
        // exec` and the npm stage included.
        manager_install: r#"apt-get install -y --no-install-recommends ca-certificates curl
home=$(getent passwd {user} | cut -d: -f6)
test -n "$home" || { echo "the machine user "{user}" has no home to install nvm in" >&2; exit 1; }
as_user() { runuser -u {user} -- env HOME="$home" NVM_DIR="$home/.nvm" PROFILE=/dev/null bash -c "$@"; }
as_user 'set -eo pipefail; curl -fsSL "https://raw.githubusercontent.com/nvm-sh/nvm/$1/install.sh" | bash' nvm {manager_version}
as_user 'set -e; . "$NVM_DIR/nvm.sh"; nvm install "$1"; nvm alias default "$1"' nvm {version}
bin=$(as_user '. "$NVM_DIR/nvm.sh" && dirname "$(nvm which default)"')
for tool in node npm npx; do ln -sf "$bin/$tool" /usr/local/bin/; done
cat > /etc/profile.d/nvm.sh <<'NVM'
# Written by vm: nvm and its default node for the machine user's shells, login or not.
if ! command -v nvm >/dev/null 2>&1 && [ -s "$HOME/.nvm/nvm.sh" ]; then
  export NVM_DIR="$HOME/.nvm"
  . "$NVM_DIR/nvm.sh"
fi
NVM
echo '. /etc/profile.d/nvm.sh' >> /etc/bash.bashrc
node --version"#,
        manager_description: "Node.js (through nvm {manager_version}, for the machine user)",
        // The `yarn` package is Yarn 1 only: Yarn 2 and later come through Corepack, as Yarn documents it (from
        // Node.js where it ships it, else its own npm package), which fetches them from the npm registry
        // (`@yarnpkg/cli-dist`) into a store every user reads, so the machine needs no network to run them.
        tool_install: r#"major=$(printf %s {version} | cut -d. -f1)
if [ {tool} = yarn ] && [ "$major" -ge 2 ] 2>/dev/null; then
  export COREPACK_HOME=/usr/local/share/corepack COREPACK_NPM_REGISTRY=https://registry.npmjs.org COREPACK_ENABLE_DOWNLOAD_PROMPT=0
  # Corepack's own package also links pnpm and yarn: in a directory of its own, it shadows none of them.
  if ! command -v corepack >/dev/null 2>&1; then
    npm install --prefix /usr/local/lib/corepack --no-fund --no-audit --no-save corepack
    ln -sf /usr/local/lib/corepack/node_modules/corepack/dist/corepack.js /usr/local/bin/corepack
  fi
  corepack enable --install-directory /usr/local/bin yarn
  corepack install -g yarn@{version}
  chmod -R a+rX "$COREPACK_HOME"
else
  npm install -g --no-fund --no-audit {tool}@{version}
fi
{tool} --version"#,
        installed: "node",
        environment: &[
            ("COREPACK_HOME", "/usr/local/share/corepack"),
            ("COREPACK_NPM_REGISTRY", "https://registry.npmjs.org"),
            ("COREPACK_ENABLE_DOWNLOAD_PROMPT", "0"),
        ],
        ..LANGUAGE
    },
    CatalogEntry {
        name: "python",
        kind: EntryKind::Language,
        description: "Python (Debian's python3, or pyenv for another version)",
        apt: &["python3", "python3-pip", "python3-venv"],
        debian_version: Some("3.11"),
        install: r#"apt-get install -y --no-install-recommends build-essential ca-certificates curl git libbz2-dev libffi-dev liblzma-dev libncursesw5-dev libreadline-dev libsqlite3-dev libssl-dev tk-dev xz-utils zlib1g-dev
export PYENV_ROOT=/opt/pyenv
git clone --depth 1 https://github.com/pyenv/pyenv.git "$PYENV_ROOT"
"$PYENV_ROOT/bin/pyenv" install --skip-existing {version}
"$PYENV_ROOT/bin/pyenv" global {version}
for tool in python python3 pip pip3; do ln -sf "$PYENV_ROOT/shims/$tool" "/usr/local/bin/$tool"; done
python3 --version"#,
        // Bookworm's Python is "externally managed" (PEP 668); the machine is the project's own, so pip may.
        installed: "python3",
        environment: &[("PYENV_ROOT", "/opt/pyenv")],
        ..LANGUAGE
    },
    CatalogEntry {
        name: "rust",
        kind: EntryKind::Language,
        // Debian's `-web` toolchain is the current one it keeps for building browsers: its cargo reads crates.io's
        // sparse index, where the old `rustc`/`cargo` (1.63) fetch a git index from another host and are too old
        // for current crates.
        description: "Rust (Debian's current rustc-web and cargo-web, or rustup for a toolchain)",
        apt: &["rustc-web", "cargo-web"],
        debian_version: Some("1.96"),
        install: r#"apt-get install -y --no-install-recommends build-essential ca-certificates curl
export RUSTUP_HOME=/opt/rustup CARGO_HOME=/opt/cargo
curl --proto '=https' --tlsv1.2 -fsSL https://sh.rustup.rs | sh -s -- -y --no-modify-path --profile minimal --default-toolchain {version}
for tool in /opt/cargo/bin/*; do ln -sf "$tool" /usr/local/bin/; done
rustc --version"#,
        installed: "cargo",
        environment: &[("RUSTUP_HOME", "/opt/rustup"), ("CARGO_HOME", "/opt/cargo")],
        ..LANGUAGE
    },
    CatalogEntry {
        name: "go",
        kind: EntryKind::Language,
        description: "Go (Debian's golang-go, or go.dev's release for another version)",
        apt: &["golang-go"],
        debian_version: Some("1.19"),
        install: r#"apt-get install -y --no-install-recommends ca-certificates curl
curl -fsSL "https://go.dev/dl/go"{version}".linux-$(dpkg --print-architecture).tar.gz" | tar -xz -C /usr/local
ln -sf /usr/local/go/bin/go /usr/local/go/bin/gofmt /usr/local/bin/
go version"#,
        installed: "go",
        ..LANGUAGE
    },
    CatalogEntry {
        name: "ruby",
        kind: EntryKind::Language,
        description: "Ruby (Debian's ruby-full, or ruby-build for another version)",
        apt: &["ruby-full"],
        debian_version: Some("3.1"),
        install: r#"apt-get install -y --no-install-recommends build-essential ca-certificates curl git libffi-dev libreadline-dev libssl-dev libyaml-dev zlib1g-dev
git clone --depth 1 https://github.com/rbenv/ruby-build.git /tmp/ruby-build
/tmp/ruby-build/bin/ruby-build {version} /usr/local
rm -rf /tmp/ruby-build
ruby --version"#,
        installed: "ruby",
        ..LANGUAGE
    },
];

/// The fields a service row leaves alone.
const SERVICE: CatalogEntry = CatalogEntry {
    name: "",
    kind: EntryKind::Service,
    description: "",
    apt_source: "",
    apt: &[],
    debian_version: None,
    default_version: None,
    install: "",
    manager_install: "",
    manager_description: "",
    tool_install: "",
    configure: "",
    start: "",
    stop: "",
    health: "",
    installed: "",
    start_timeout_secs: 0,
    default_port: None,
    url: None,
    data_dir: None,
    log: None,
    create_database: "",
    count_tables: "",
    restore: "",
    default_db_user: None,
    default_password: None,
    environment: &[],
    devices: &[],
    privileged: false,
    addons: &[],
};

/// The fields a language row leaves alone.
const LANGUAGE: CatalogEntry = CatalogEntry {
    kind: EntryKind::Language,
    ..SERVICE
};

/// The row named `name`.
pub fn entry(name: &str) -> Option<&'static CatalogEntry> {
    CATALOG.iter().find(|row| row.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_name_is_unique_and_every_service_that_runs_can_be_checked() {
        let mut names: Vec<_> = CATALOG.iter().map(|row| row.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), CATALOG.len());
        for row in CATALOG.iter().filter(|row| row.kind == EntryKind::Service) {
            assert!(!row.health.is_empty(), "{} has no health check", row.name);
            assert!(
                !row.installed.is_empty(),
                "{} has no installed check",
                row.name
            );
            assert!(
                row.start.is_empty() || row.start_timeout_secs > 0,
                "{} waits forever",
                row.name
            );
        }
    }

    #[test]
    fn databases_name_their_health_check_port_and_url_variable() {
        let cases = [
            ("postgresql", "pg_isready", 5432, "DATABASE_URL"),
            ("redis", "redis-cli", 6379, "REDIS_URL"),
            ("mysql", "mysqladmin ping", 3306, "MYSQL_URL"),
            ("mongodb", "mongosh", 27017, "MONGODB_URL"),
        ];
        for (name, health, port, variable) in cases {
            let row = entry(name).unwrap();
            assert!(
                row.health.contains(health.split(' ').next().unwrap()),
                "{name}"
            );
            assert_eq!(row.default_port, Some(port), "{name}");
            assert_eq!(row.url.unwrap().name, variable, "{name}");
            assert!(row.data_dir.is_some(), "{name}");
        }
        assert!(
            entry("mysql")
                .unwrap()
                .apt
                .contains(&"default-mysql-server")
        );
    }

    /// The PostgreSQL check run by bash against stand-ins that log their arguments and answer `answer`: what it
    /// logged (by which stand-in) and its exit code.
    fn postgresql_check(versions_dir: &std::path::Path, answer: i32) -> (String, Option<i32>) {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let log = dir.path().join("log");
        let stand_in = |path: &std::path::Path, who: &str| {
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(
                path,
                format!(
                    "#!/bin/sh\necho \"{who} $*\" >> {}\nexit {answer}\n",
                    log.display()
                ),
            )
            .unwrap();
            std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).unwrap();
        };
        stand_in(&dir.path().join("path/pg_isready"), "wrapper");
        let check = entry("postgresql")
            .unwrap()
            .health
            .replace("/usr/lib/postgresql", versions_dir.to_str().unwrap())
            .replace("{port}", "5432");
        if versions_dir.exists() {
            stand_in(&versions_dir.join("15/bin/pg_isready"), "version 15");
            stand_in(&versions_dir.join("16/bin/pg_isready"), "version 16");
        }
        let status = std::process::Command::new("bash")
            .arg("-c")
            .arg(&check)
            .env(
                "PATH",
                format!("{}:/usr/bin:/bin", dir.path().join("path").display()),
            )
            .status()
            .unwrap();
        (std::fs::read_to_string(&log).unwrap(), status.code())
    }

    #[test]
    fn postgresql_is_checked_by_a_versions_own_pg_isready_and_by_the_wrapper_where_there_is_none() {
        let versions = tempfile::tempdir().unwrap();
        let installed = versions.path().join("lib/postgresql");
        std::fs::create_dir_all(&installed).unwrap();
        assert_eq!(
            postgresql_check(&installed, 0),
            ("version 15 -q -p 5432\n".to_owned(), Some(0))
        );
        // Not accepting connections (1), not answering (2): the check fails as pg_isready does.
        assert_eq!(postgresql_check(&installed, 2).1, Some(2));
        let elsewhere = versions.path().join("nowhere");
        assert_eq!(
            postgresql_check(&elsewhere, 0),
            ("wrapper -q -p 5432\n".to_owned(), Some(0))
        );
        assert_eq!(postgresql_check(&elsewhere, 1).1, Some(1));
    }

    #[test]
    fn a_language_version_comes_from_debian_when_debian_has_it_and_from_upstream_otherwise() {
        let python = entry("python").unwrap();
        assert_eq!(python.resolve_version(None), (None, true));
        assert_eq!(
            python.resolve_version(Some("3.11")),
            (Some("3.11".into()), true)
        );
        assert_eq!(
            python.resolve_version(Some("3.11.2")),
            (Some("3.11.2".into()), true)
        );
        assert_eq!(
            python.resolve_version(Some("3.12")),
            (Some("3.12".into()), false)
        );
        let node = entry("node").unwrap();
        assert_eq!(node.resolve_version(None), (Some("22".into()), false));
        assert_eq!(node.resolve_version(Some("20")), (Some("20".into()), false));
    }
}
