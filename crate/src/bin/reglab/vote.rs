//! `reglab vote`: trains one network per seed with the same settings and prints each
//! one's test accuracy and what their vote comes to, as the page's ensemble lesson shows.

use reglab::ensemble::{outputs_all, Committee, Vote};
use reglab::run::TestImages;
use reglab::{Config, Dataset, Error, Trainer};

/// Trains a network per seed in `seeds` (the rest of `config` shared) and counts their
/// votes on the test images; `print` gets a line per network, then the vote's.
pub fn vote(
    config: &Config,
    seeds: &[u32],
    train: &Dataset,
    test: &TestImages<'_>,
    json: bool,
    mut print: impl FnMut(&str),
) -> Result<Vote, Error> {
    let test = test.get()?;
    let labels = (0..test.len()).map(|i| test.get(i).1).collect();
    let mut committee = Committee::new(labels);
    for &seed in seeds {
        let mut trainer = Trainer::new(
            Config {
                seed,
                ..config.clone()
            },
            train,
        )?;
        while !trainer.finished() {
            trainer.run_iteration();
        }
        let accuracy = committee.add(seed, outputs_all(trainer.network(), test))?;
        print(&if json {
            format!("{{\"seed\":{seed},\"test_accuracy\":{accuracy}}}")
        } else {
            format!("Seed:{seed} Test-Acc:{accuracy}")
        });
    }
    let vote = committee.vote()?;
    let figures = [
        ("networks", seeds.len() as f64),
        ("mean", vote.mean()),
        ("best", vote.best()),
        ("majority", vote.majority_accuracy),
        ("averaged", vote.averaged_accuracy),
        ("split", vote.split_share),
        ("all_wrong", vote.all_wrong_share),
    ];
    print(&if json {
        let body: Vec<String> = figures
            .iter()
            .map(|(k, x)| format!("\"{k}\":{x}"))
            .collect();
        format!("{{{}}}", body.join(","))
    } else {
        let body: Vec<String> = figures.iter().map(|(k, x)| format!("{k}:{x}")).collect();
        format!("Vote {}", body.join(" "))
    });
    Ok(vote)
}
