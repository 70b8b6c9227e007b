use crate::graph::Owner;

/// The `/etc/passwd` and `/etc/group` lines that make `user` exist with the data owner's ids,
/// so that the machine's user and the host's user can both read and write the synced data.
/// Another user or group already holding one of those ids (never root's 0) moves to a free id,
/// one more than the highest regular id (1000 to 59999) in its file, so that the ids name `user` alone;
/// users whose primary group moved follow it.
/// Returns `None` where the files already say so.
pub fn remap_user(
    passwd: &str,
    group: &str,
    user: &str,
    owner: Owner,
    home: &str,
) -> Option<(String, String)> {
    let (group_without_clash, moved_gids) = move_others_off(group, user, 2, owner.gid);
    let passwd_without_clash = move_primary_groups(passwd, user, &moved_gids);
    let (passwd_without_clash, _) = move_others_off(&passwd_without_clash, user, 2, owner.uid);

    let passwd_line = format!(
        "{user}:x:{}:{}::{home}:{}",
        owner.uid,
        owner.gid,
        shell_of(passwd, user)
    );
    let group_line = format!("{user}:x:{}:", owner.gid);
    let new_passwd = replace_entry(&passwd_without_clash, user, |fields| {
        set_field(fields, 2, owner.uid.to_string());
        set_field(fields, 3, owner.gid.to_string());
        set_field(fields, 5, home.to_owned());
    })
    .unwrap_or_else(|| append_line(&passwd_without_clash, &passwd_line));
    let new_group = replace_entry(&group_without_clash, user, |fields| {
        set_field(fields, 2, owner.gid.to_string())
    })
    .unwrap_or_else(|| append_line(&group_without_clash, &group_line));
    (new_passwd != passwd || new_group != group).then_some((new_passwd, new_group))
}

/// Gives every entry other than `name` whose id (field `index`) is `id` a free id of its own,
/// unless `id` is root's 0. Returns the file and the ids moved, as (old, new).
fn move_others_off(file: &str, name: &str, index: usize, id: u32) -> (String, Vec<(u32, u32)>) {
    if id == 0 {
        return (file.to_owned(), Vec::new());
    }
    let holds_id = |fields: &[&str]| fields[0] != name && id_of(fields, index) == Some(id);
    if !file
        .lines()
        .any(|line| holds_id(&line.split(':').collect::<Vec<_>>()))
    {
        return (file.to_owned(), Vec::new());
    }
    let mut next_free = first_free_id(file, index);
    let mut moved = Vec::new();
    let lines: Vec<String> = file
        .lines()
        .map(|line| {
            let mut fields: Vec<&str> = line.split(':').collect();
            if !holds_id(&fields) {
                return line.to_owned();
            }
            let new_id = next_free.to_string();
            moved.push((id, next_free));
            next_free += 1;
            fields[index] = &new_id;
            fields.join(":")
        })
        .collect();
    (lines.join("\n") + "\n", moved)
}

/// Users other than `name` whose primary group moved from one gid to another follow it.
fn move_primary_groups(passwd: &str, name: &str, moved: &[(u32, u32)]) -> String {
    if moved.is_empty() {
        return passwd.to_owned();
    }
    let lines: Vec<String> = passwd
        .lines()
        .map(|line| {
            let mut fields: Vec<String> = line.split(':').map(str::to_owned).collect();
            let gid = fields.get(3).and_then(|gid| gid.parse::<u32>().ok());
            if fields[0] != name
                && let Some((_, new)) = moved.iter().find(|(old, _)| Some(*old) == gid)
            {
                fields[3] = new.to_string();
            }
            fields.join(":")
        })
        .collect();
    lines.join("\n") + "\n"
}

/// Debian's range of regular users' and groups' ids (adduser's `FIRST_UID` to `LAST_UID`); ids above
/// it are reserved, e.g. `nobody`'s 65534.
const REGULAR_IDS: std::ops::Range<u32> = 1000..60000;

/// One more than the highest regular id in the file; the first regular id when there is none.
fn first_free_id(file: &str, index: usize) -> u32 {
    file.lines()
        .filter_map(|line| id_of(&line.split(':').collect::<Vec<_>>(), index))
        .filter(|id| REGULAR_IDS.contains(id))
        .max()
        .map_or(REGULAR_IDS.start, |highest| highest + 1)
}

fn id_of(fields: &[&str], index: usize) -> Option<u32> {
    fields.get(index)?.parse().ok()
}

fn shell_of(passwd: &str, user: &str) -> String {
    entry(passwd, user)
        .and_then(|line| line.split(':').nth(6).map(str::to_owned))
        .unwrap_or_else(|| "/bin/sh".to_owned())
}

fn entry<'a>(file: &'a str, name: &str) -> Option<&'a str> {
    file.lines()
        .find(|line| line.split(':').next() == Some(name))
}

/// Rewrites the entry named `name` with `edit`; `None` when there is no such entry.
fn replace_entry(file: &str, name: &str, edit: impl Fn(&mut Vec<String>)) -> Option<String> {
    entry(file, name)?;
    let lines: Vec<String> = file
        .lines()
        .map(|line| {
            let mut fields: Vec<String> = line.split(':').map(str::to_owned).collect();
            if fields[0] == name {
                edit(&mut fields);
            }
            fields.join(":")
        })
        .collect();
    Some(lines.join("\n") + "\n")
}

/// Sets a field, growing a short line as needed.
fn set_field(fields: &mut Vec<String>, index: usize, value: String) {
    if fields.len() <= index {
        fields.resize(index + 1, String::new());
    }
    fields[index] = value;
}

fn append_line(file: &str, line: &str) -> String {
    let mut text = file.to_owned();
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
    text.push_str(line);
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    const PASSWD: &str =
        "root:x:0:0:root:/root:/bin/bash\nvagrant:x:1000:1000::/home/vagrant:/bin/bash\n";
    const GROUP: &str = "root:x:0:\nvagrant:x:1000:\n";

    #[test]
    fn leaves_files_alone_when_the_ids_already_match() {
        let owner = Owner {
            uid: 1000,
            gid: 1000,
        };
        assert_eq!(
            remap_user(PASSWD, GROUP, "vagrant", owner, "/home/vagrant"),
            None
        );
    }

    #[test]
    fn gives_an_existing_user_the_data_owner_ids_and_keeps_its_shell() {
        let owner = Owner {
            uid: 1234,
            gid: 2345,
        };
        let (passwd, group) = remap_user(PASSWD, GROUP, "vagrant", owner, "/home/vagrant").unwrap();
        assert_eq!(
            passwd,
            "root:x:0:0:root:/root:/bin/bash\nvagrant:x:1234:2345::/home/vagrant:/bin/bash\n"
        );
        assert_eq!(group, "root:x:0:\nvagrant:x:2345:\n");
    }

    #[test]
    fn adds_a_missing_user_with_a_plain_shell() {
        let owner = Owner {
            uid: 1001,
            gid: 1001,
        };
        let (passwd, group) = remap_user(
            "root:x:0:0:root:/root:/bin/sh",
            "root:x:0:",
            "dev",
            owner,
            "/home/dev",
        )
        .unwrap();
        assert_eq!(
            passwd,
            "root:x:0:0:root:/root:/bin/sh\ndev:x:1001:1001::/home/dev:/bin/sh\n"
        );
        assert_eq!(group, "root:x:0:\ndev:x:1001:\n");
    }

    /// Debian's files with `vagrant` at 1000, as the default image has them.
    const DEBIAN_PASSWD: &str = "root:x:0:0:root:/root:/bin/bash\n\
        nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n\
        vagrant:x:1000:1000::/home/vagrant:/bin/bash\n";
    const DEBIAN_GROUP: &str = "root:x:0:\nsudo:x:27:vagrant\nnogroup:x:65534:\nvagrant:x:1000:\n";

    #[test]
    fn a_missing_user_takes_the_ids_and_the_user_holding_them_moves_to_a_free_one() {
        let owner = Owner {
            uid: 1000,
            gid: 1000,
        };
        let (passwd, group) =
            remap_user(DEBIAN_PASSWD, DEBIAN_GROUP, "dev", owner, "/home/dev").unwrap();
        assert_eq!(
            passwd,
            "root:x:0:0:root:/root:/bin/bash\n\
             nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n\
             vagrant:x:1001:1001::/home/vagrant:/bin/bash\n\
             dev:x:1000:1000::/home/dev:/bin/sh\n",
            "vagrant's primary group follows its group; nobody's ids are not regular ones"
        );
        assert_eq!(
            group,
            "root:x:0:\nsudo:x:27:vagrant\nnogroup:x:65534:\nvagrant:x:1001:\ndev:x:1000:\n"
        );
    }

    #[test]
    fn an_existing_user_takes_ids_another_user_holds() {
        let passwd = "root:x:0:0:root:/root:/bin/bash\n\
            vagrant:x:1000:1000::/home/vagrant:/bin/bash\n\
            dev:x:1001:1001::/home/dev:/bin/zsh\n\
            ci:x:1500:1500::/home/ci:/bin/sh\n";
        let group = "root:x:0:\nvagrant:x:1000:\ndev:x:1001:\nci:x:1500:\n";
        let owner = Owner {
            uid: 1000,
            gid: 1000,
        };
        let (passwd, group) = remap_user(passwd, group, "dev", owner, "/home/dev").unwrap();
        assert_eq!(
            passwd,
            "root:x:0:0:root:/root:/bin/bash\n\
             vagrant:x:1501:1501::/home/vagrant:/bin/bash\n\
             dev:x:1000:1000::/home/dev:/bin/zsh\n\
             ci:x:1500:1500::/home/ci:/bin/sh\n"
        );
        assert_eq!(
            group,
            "root:x:0:\nvagrant:x:1501:\ndev:x:1000:\nci:x:1500:\n"
        );
    }

    #[test]
    fn a_group_holding_the_gid_moves_even_when_no_user_holds_the_uid() {
        let owner = Owner {
            uid: 1234,
            gid: 100,
        };
        let (passwd, group) = remap_user(
            "root:x:0:0:root:/root:/bin/sh\nguest:x:405:100::/home/guest:/bin/sh\n",
            "root:x:0:\nusers:x:100:guest\n",
            "dev",
            owner,
            "/home/dev",
        )
        .unwrap();
        assert_eq!(
            passwd,
            "root:x:0:0:root:/root:/bin/sh\n\
             guest:x:405:1000::/home/guest:/bin/sh\n\
             dev:x:1234:100::/home/dev:/bin/sh\n"
        );
        assert_eq!(group, "root:x:0:\nusers:x:1000:guest\ndev:x:100:\n");
    }

    #[test]
    fn root_never_moves() {
        let owner = Owner { uid: 0, gid: 0 };
        let (passwd, group) = remap_user(
            "root:x:0:0:root:/root:/bin/sh\n",
            "root:x:0:\n",
            "dev",
            owner,
            "/home/dev",
        )
        .unwrap();
        assert_eq!(
            passwd,
            "root:x:0:0:root:/root:/bin/sh\ndev:x:0:0::/home/dev:/bin/sh\n"
        );
        assert_eq!(group, "root:x:0:\ndev:x:0:\n");
    }
}
