use std::io::{BufRead, IsTerminal, Write};

use super::CliError as Error;
use crate::plan::PlanKind;

/// Asks on the terminal before a plan of `kind` is carried out; see [`ask`].
pub fn confirm(kind: PlanKind, approved: bool) -> Result<(), Error> {
    ask(
        kind.command(),
        "changes the machine",
        question(kind),
        approved,
    )
}

/// Asks on the terminal before `vm prune` removes the images it showed.
pub fn confirm_prune(approved: bool) -> Result<(), Error> {
    ask(
        "prune",
        "removes images",
        "\nDo you want to remove these images?\n  Only 'yes' will be accepted to approve.\n\n  Enter a value: ",
        approved,
    )
}

/// Asks on the terminal, Terraform's way: only `yes` approves. Without a terminal it refuses rather than guess.
pub fn ask(
    command: &'static str,
    does: &'static str,
    question: &str,
    approved: bool,
) -> Result<(), Error> {
    if approved {
        return Ok(());
    }
    let stdin = std::io::stdin();
    if !stdin.is_terminal() {
        return Err(Error::ConfirmationRequired { command, does });
    }
    print!("{question}");
    let _ = std::io::stdout().flush();
    let mut answer = String::new();
    let _ = stdin.lock().read_line(&mut answer);
    if answer.trim() == "yes" {
        println!();
        Ok(())
    } else {
        Err(Error::Cancelled { command })
    }
}

/// What is asked before a plan of `kind` is carried out; a destroy is asked as Terraform asks it.
fn question(kind: PlanKind) -> &'static str {
    match kind {
        PlanKind::Apply => {
            "\nDo you want to perform these actions?\n  Only 'yes' will be accepted to approve.\n\n  Enter a value: "
        }
        PlanKind::Destroy => concat!(
            "\nDo you really want to destroy the machine?\n",
            "  vm will destroy it as shown above; host data directories are kept.\n",
            "  Only 'yes' will be accepted to confirm.\n\n",
            "  Enter a value: "
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn apply_asks_to_perform_the_actions_and_destroy_asks_as_terraform_does() {
        assert_eq!(
            question(PlanKind::Apply),
            "\nDo you want to perform these actions?\n  Only 'yes' will be accepted to approve.\n\n  Enter a value: "
        );
        assert_eq!(
            question(PlanKind::Destroy),
            "\nDo you really want to destroy the machine?\n  vm will destroy it as shown above; host data directories are kept.\n  Only 'yes' will be accepted to confirm.\n\n  Enter a value: "
        );
    }
}
