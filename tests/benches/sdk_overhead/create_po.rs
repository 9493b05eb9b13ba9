//! The cost of a create-PO request with 1,000 products before it is sent:
//! building, validating (`build()`) and serializing it, against serializing
//! an equivalent hand-written struct. Criterion benches, plus medians for the
//! summary.

use crate::clients::{create_request, raw_create_body};
use crate::measure::stats;
use criterion::{BatchSize, Criterion};
use std::hint::black_box;
use std::time::{Duration, Instant};

pub(crate) fn criterion_create_po(c: &mut Criterion) {
    let mut group = c.benchmark_group("create_po_1000_products");
    group.bench_function("build_request", |b| b.iter(|| black_box(create_request())));
    group.bench_function("validate", |b| {
        let request = create_request();
        b.iter_batched(
            || request.clone(),
            |r| black_box(r.build().expect("valid")),
            BatchSize::LargeInput,
        )
    });
    group.bench_function("serialize", |b| {
        let body = create_request().build().expect("valid");
        b.iter(|| black_box(serde_json::to_vec(&body).expect("serializes")))
    });
    group.bench_function("build_validate_serialize", |b| {
        b.iter(|| {
            let body = create_request().build().expect("valid");
            black_box(serde_json::to_vec(&body).expect("serializes"))
        })
    });
    group.bench_function("raw_struct_serialize", |b| {
        let body = raw_create_body();
        b.iter(|| black_box(serde_json::to_vec(&body).expect("serializes")))
    });
    group.finish();
}

pub(crate) struct CreatePoCost {
    pub(crate) build: Duration,
    pub(crate) validate: Duration,
    pub(crate) serialize: Duration,
    pub(crate) raw_serialize: Duration,
    pub(crate) bytes: usize,
}

pub(crate) fn create_po_cost(runs: usize) -> CreatePoCost {
    let (mut build, mut validate, mut serialize, mut raw_serialize) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let raw = raw_create_body();
    let mut bytes = 0;
    for _ in 0..runs {
        let t = Instant::now();
        let request = black_box(create_request());
        build.push(t.elapsed());
        let t = Instant::now();
        let body = black_box(request.build().expect("valid"));
        validate.push(t.elapsed());
        let t = Instant::now();
        bytes = black_box(serde_json::to_vec(&body).expect("serializes")).len();
        serialize.push(t.elapsed());
        let t = Instant::now();
        black_box(serde_json::to_vec(&raw).expect("serializes"));
        raw_serialize.push(t.elapsed());
    }
    CreatePoCost {
        build: stats(&mut build).median,
        validate: stats(&mut validate).median,
        serialize: stats(&mut serialize).median,
        raw_serialize: stats(&mut raw_serialize).median,
        bytes,
    }
}
