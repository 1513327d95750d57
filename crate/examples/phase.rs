use reglab::mt19937::Mt19937;
use reglab::{Dataset, Network, SparseImages};
use std::time::Instant;
reglab::simd_dispatch!(fn fwd = fwd_body, (net: &Network, s: &SparseImages, l1: &mut [f64]) -> ());
#[inline(always)]
fn fwd_body(net: &Network, s: &SparseImages, l1: &mut [f64]) {
    for _ in 0..100 {
        for i in 0..1000 {
            let (x, _) = s.get(i);
            net.forward_hidden(x, l1);
        }
    }
}
reglab::simd_dispatch!(fn upd = upd_body, (net: &mut Network, s: &SparseImages, d1: &[f64]) -> ());
#[inline(always)]
fn upd_body(net: &mut Network, s: &SparseImages, d1: &[f64]) {
    for _ in 0..100 {
        for i in 0..1000 {
            let (x, _) = s.get(i);
            net.update_w01(1e-9, x, d1);
        }
    }
}
fn main() {
    let img = std::fs::read("data/mnist/train-images-idx3-ubyte.gz").unwrap();
    let lab = std::fs::read("data/mnist/train-labels-idx1-ubyte.gz").unwrap();
    let t = Instant::now();
    let d = Dataset::from_idx(&img, &lab).unwrap();
    println!("load {:?}", t.elapsed());
    let s = SparseImages::new(&d.slice(0, 1000));
    let hidden: usize = std::env::args()
        .nth(1)
        .map(|a| a.parse().unwrap())
        .unwrap_or(40);
    let mut net = Network::init(hidden, &mut Mt19937::new(1));
    let mut l1 = vec![0.0; net.padded_hidden()];
    let d1 = vec![1e-9; net.padded_hidden()];
    let t = Instant::now();
    fwd(&net, &s, &mut l1);
    println!("forward x100k {:?}", t.elapsed());
    let t = Instant::now();
    upd(&mut net, &s, &d1);
    println!("update x100k {:?}", t.elapsed());
    let mut nz = 0;
    for i in 0..1000 {
        nz += s.get(i).0.index.len();
    }
    println!("mean nz {}", nz as f64 / 1000.0);
}
