//! The ensemble lesson's vote as the page gets it: the core's figures, and a grid of the
//! test digits the networks disagree on, each network's answer to each.

use js_sys::{Float64Array, Object, Uint32Array, Uint8Array};
use wasm_bindgen::prelude::*;

use super::object;
use super::test_set::TestSet;
use crate::ensemble::Vote;

/// `vote` as a plain object: seeds, memberAccuracy, mean, best, majorityAccuracy,
/// averagedAccuracy, splitShare, allWrongShare, and `grid`: the first `shown` test
/// images that some network gets wrong { indices, labels, images (shown x 784),
/// digits (networks x shown, network-major), majority, averaged }.
pub(super) fn vote_object(vote: &Vote, test: &TestSet, shown: usize) -> Object {
    let images = test.count();
    let members = vote.seeds.len();
    let wrong_somewhere = |i: &usize| {
        let label = test.label(*i);
        (0..members).any(|k| vote.member_digits[k * images + i] != label)
    };
    let picked: Vec<usize> = (0..images).filter(wrong_somewhere).take(shown).collect();
    let pick = |digits: &[u8]| -> Vec<u8> { picked.iter().map(|&i| digits[i]).collect() };
    let digits: Vec<u8> = (0..members)
        .flat_map(|k| pick(&vote.member_digits[k * images..(k + 1) * images]))
        .collect();
    let pixels: Vec<u8> = picked.iter().flat_map(|&i| test.image(i)).collect();
    let labels: Vec<u8> = picked.iter().map(|&i| test.label(i)).collect();
    let indices: Vec<u32> = picked.iter().map(|&i| i as u32).collect();
    let bytes = |v: &[u8]| JsValue::from(Uint8Array::from(v));
    let grid = object(&[
        ("indices", Uint32Array::from(&indices[..]).into()),
        ("labels", bytes(&labels)),
        ("images", bytes(&pixels)),
        ("digits", bytes(&digits)),
        ("majority", bytes(&pick(&vote.majority_digits))),
        ("averaged", bytes(&pick(&vote.averaged_digits))),
    ]);
    object(&[
        ("seeds", Uint32Array::from(&vote.seeds[..]).into()),
        (
            "memberAccuracy",
            Float64Array::from(&vote.member_accuracy[..]).into(),
        ),
        ("mean", vote.mean().into()),
        ("best", vote.best().into()),
        ("majorityAccuracy", vote.majority_accuracy.into()),
        ("averagedAccuracy", vote.averaged_accuracy.into()),
        ("splitShare", vote.split_share.into()),
        ("allWrongShare", vote.all_wrong_share.into()),
        ("grid", grid.into()),
    ])
}
