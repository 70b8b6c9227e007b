use std::io::{BufRead, IsTerminal, Write};

use crate::error::Error;

/// Asks on the terminal, Terraform's way: only `yes` approves. Without a terminal it refuses rather than guess.
pub fn confirm(command: &'static str, approved: bool) -> Result<(), Error> {
    if approved {
        return Ok(());
    }
    let stdin = std::io::stdin();
    if !stdin.is_terminal() {
        return Err(Error::ConfirmationRequired { command });
    }
    print!(
        "\nDo you want to perform these actions?\n  Only 'yes' will be accepted to approve.\n\n  Enter a value: "
    );
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
