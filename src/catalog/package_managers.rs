/// A package list of `vm.json` (`apt_packages`, `npm_packages`, ...) and how its packages get into a machine.
///
/// Templates: `{packages}` becomes the packages as quoted words, `{names}` their names without versions, joined by
/// commas, as one quoted word, `{fetched}` the directory that holds what `fetch` downloaded. `install` runs in the image build, with the host's network. A machine that already runs takes
/// a change in place: `fetch` downloads what is added, with the host's network, in a throwaway container of the
/// machine's own image (a running machine may have no route out); `install_fetched` installs that in the machine
/// without the network; `remove` takes packages out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PackageManager {
    /// The list's name: `packages.<list>` in the plan, `<list>_packages` in vm.json.
    pub list: &'static str,
    /// The language the list needs (and implies): its catalog row's name.
    pub language: Option<&'static str>,
    pub install: &'static str,
    pub fetch: &'static str,
    pub install_fetched: &'static str,
    pub remove: &'static str,
}

/// Every package list, in the order of the image's layers.
pub static PACKAGE_MANAGERS: &[PackageManager] = &[
    PackageManager {
        list: "apt",
        language: None,
        // `apt-get update` in every stage that installs: a cached earlier layer may hold stale package lists.
        install: "apt-get update\napt-get install -y --no-install-recommends {packages}",
        // Downloaded against the image's own package state: what the machine lacks, and nothing it has.
        fetch: "apt-get update\nmkdir -p {fetched}/apt/partial\napt-get install -y --no-install-recommends --download-only -o Dir::Cache::archives={fetched}/apt {packages}\nrm -rf {fetched}/apt/partial {fetched}/apt/lock",
        // Nothing is downloaded for a package the image has already (as another's dependency).
        install_fetched: "set -- {fetched}/apt/*.deb\nif [ -e \"$1\" ]; then dpkg -i \"$@\"; fi",
        remove: "apt-get remove -y {packages}",
    },
    PackageManager {
        list: "npm",
        language: Some("node"),
        // npm 12 runs no install script of a global package unless it is allowed, and a package such as Claude Code
        // installs its native binary in one: the packages vm.json names are the user's choice, so their scripts
        // run, with any npm. (Older npm ignores the setting; it is a variable, since npm 12 refuses unknown flags.)
        install: "npm_config_allow_scripts={names} npm install -g --no-fund --no-audit {packages}",
        // npm's cache holds every tarball and manifest the install read: enough for an offline install.
        fetch: "npm_config_allow_scripts={names} npm install -g --no-fund --no-audit --prefix \"$(mktemp -d)\" --cache {fetched}/npm {packages}",
        install_fetched: "npm_config_allow_scripts={names} npm install -g --no-fund --no-audit --offline --cache {fetched}/npm {packages}",
        remove: "npm uninstall -g --no-fund --no-audit {packages}",
    },
    PackageManager {
        list: "pip",
        language: Some("python"),
        // Bookworm's Python is "externally managed" (PEP 668); the machine is the project's own, so pip may.
        install: "python3 -m pip install --no-cache-dir --break-system-packages {packages}",
        // Wheels, not sources: an offline install then needs no build tools fetched.
        fetch: "python3 -m pip wheel --no-cache-dir --wheel-dir {fetched}/pip {packages}",
        install_fetched: "python3 -m pip install --no-cache-dir --break-system-packages --no-index --find-links {fetched}/pip {packages}",
        remove: "python3 -m pip uninstall -y --break-system-packages {packages}",
    },
    PackageManager {
        list: "cargo",
        language: Some("rust"),
        install: "cargo install --root /usr/local {packages}",
        // The same registry and target directories at the same path on both sides: the offline install finds
        // the build fresh and only copies it.
        fetch: "export CARGO_HOME={fetched}/cargo-home CARGO_TARGET_DIR={fetched}/cargo-target\ncargo install --root \"$(mktemp -d)\" {packages}",
        install_fetched: "export CARGO_HOME={fetched}/cargo-home CARGO_TARGET_DIR={fetched}/cargo-target\ncargo install --offline --root /usr/local {packages}",
        remove: "cargo uninstall --root /usr/local {packages}",
    },
];

/// The package list called `list`.
pub fn package_manager(list: &str) -> Option<&'static PackageManager> {
    PACKAGE_MANAGERS.iter().find(|manager| manager.list == list)
}
