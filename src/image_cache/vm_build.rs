use super::ImageRecord;
use crate::provider::docker::labels;
use crate::provision::ImageTag;

/// An image vm built: a machine's image, or a layer a stopped or failed build left behind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VmBuild {
    /// The project it was built for, where its labels say (a left-behind layer does not).
    pub project: Option<String>,
}

/// Whether vm built `image`. It carries vm's mark (`dev.vm.built-by`, or `dev.vm.built-for` on an image of an
/// older vm), and each of its names is one vm gives an image of that project. An image built `FROM` one of vm's
/// inherits its labels, but is named by whoever built it: it, or a vm image someone named otherwise, is not vm's.
pub fn vm_build(image: &ImageRecord) -> Option<VmBuild> {
    let project = image.labels.get(labels::BUILT_FOR).cloned();
    let marked = image.labels.get(labels::BUILT_BY).map(String::as_str) == Some("vm");
    if !marked && project.is_none() {
        return None;
    }
    if image.tags.is_empty() {
        return Some(VmBuild { project });
    }
    let named_by_vm = project.as_deref().is_some_and(|project| {
        image
            .tags
            .iter()
            .all(|tag| ImageTag::names_an_image_of(project, tag))
    });
    named_by_vm.then_some(VmBuild { project })
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::time::SystemTime;

    use super::*;

    fn image(tags: &[&str], labels: &[(&str, &str)]) -> ImageRecord {
        ImageRecord {
            id: "sha256:0123456789abcdef0123".to_owned(),
            tags: tags.iter().map(|tag| (*tag).to_owned()).collect(),
            parent: None,
            created: SystemTime::UNIX_EPOCH,
            size: 0,
            layers: Vec::new(),
            labels: labels
                .iter()
                .map(|(name, value)| ((*name).to_owned(), (*value).to_owned()))
                .collect::<BTreeMap<_, _>>(),
        }
    }

    const SHOP: (&str, &str) = ("dev.vm.built-for", "shop");
    const BUILT_BY_VM: (&str, &str) = ("dev.vm.built-by", "vm");

    #[test]
    fn a_machines_image_is_vms_by_its_label_and_its_name() {
        let built = Some(VmBuild {
            project: Some("shop".to_owned()),
        });
        assert_eq!(
            vm_build(&image(&["vm-shop:0123456789abcdef"], &[SHOP, BUILT_BY_VM])),
            built
        );
        assert_eq!(
            vm_build(&image(&["vm-shop:0123456789abcdef"], &[SHOP])),
            built,
            "an image of an older vm, before every layer carried its mark"
        );
    }

    #[test]
    fn a_left_behind_layer_is_vms_by_its_mark() {
        assert_eq!(
            vm_build(&image(&[], &[BUILT_BY_VM])),
            Some(VmBuild { project: None })
        );
    }

    #[test]
    fn images_vm_did_not_build_or_name_are_not_vms() {
        for (tags, labels) in [
            (
                &["vm-base:latest"][..],
                &[("vm.image.source", "debootstrap")][..],
            ),
            (&["vm-busybox:latest", "mine:1"][..], &[][..]),
            (&[][..], &[][..]),
            // Built FROM a vm image: its labels are inherited, its name is someone else's.
            (&["mine:1"][..], &[SHOP, BUILT_BY_VM][..]),
            // A vm image someone also named otherwise.
            (
                &["vm-shop:0123456789abcdef", "keep:me"][..],
                &[SHOP, BUILT_BY_VM][..],
            ),
            (
                &["vm-shop:0123456789abcdef"][..],
                &[("dev.vm.built-by", "someone")][..],
            ),
        ] {
            assert_eq!(vm_build(&image(tags, labels)), None, "{tags:?} {labels:?}");
        }
    }
}
