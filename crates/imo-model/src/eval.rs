//! Quality measures, computed with the integer models exactly as they serve requests.

use core::ops::Range;

use crate::dataset::Dataset;
use crate::encoding::{Prompt, CLASSES, IMAGE_PIXELS};
use crate::{Error, Model, Result, Task, MAX_OUTPUT, MAX_WIDTH};

/// Most seeds [`generator_quality`] keeps per digit for its diversity measure.
pub const MAX_DIVERSITY_SEEDS: usize = 100;

/// A count of hits out of a total.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Score {
    /// Hits.
    pub hits: usize,
    /// Trials.
    pub total: usize,
}

impl Score {
    /// Hits per 10,000 trials, rounded to the nearest (halves up; 0 for no trials).
    pub fn basis_points(&self) -> usize {
        (self.hits * 10_000 + self.total / 2)
            .checked_div(self.total)
            .unwrap_or(0)
    }
}

/// The classifier's accuracy on a labelled set.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Accuracy {
    /// All samples.
    pub overall: Score,
    /// Per true digit.
    pub per_digit: [Score; CLASSES],
}

/// Classifies every sample of `data` with `model` (through [`Model::infer`]).
pub fn classifier_accuracy(model: &Model<'_>, data: &Dataset<'_>) -> Result<Accuracy> {
    if model.task() != Task::Classifier {
        return Err(Error::BadTask);
    }
    let mut acc = Accuracy::default();
    let mut out = [0u8; 1];
    for sample in data.iter() {
        model.infer(sample.image, &mut out)?;
        let hit = usize::from(out[0] == sample.label);
        let digit = &mut acc.per_digit[sample.label as usize];
        digit.hits += hit;
        digit.total += 1;
        acc.overall.hits += hit;
        acc.overall.total += 1;
    }
    Ok(acc)
}

/// Mean pairwise L1 distance between images, as a sum over pairs and a pair count.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Spread {
    /// Sum of the L1 distances (in pixel units, `0..=16` per pixel) over all pairs.
    pub sum: u64,
    /// Number of pairs.
    pub pairs: u64,
}

impl Spread {
    /// Of a set of images.
    pub fn of(images: &[[u8; IMAGE_PIXELS]]) -> Self {
        let mut s = Spread::default();
        for (i, a) in images.iter().enumerate() {
            for b in &images[i + 1..] {
                s.sum += a
                    .iter()
                    .zip(b)
                    .map(|(x, y)| u64::from(x.abs_diff(*y)))
                    .sum::<u64>();
                s.pairs += 1;
            }
        }
        s
    }

    /// Adds another spread's pairs.
    pub fn add(&mut self, other: Spread) {
        self.sum += other.sum;
        self.pairs += other.pairs;
    }

    /// The mean distance times 10, rounded down (0 without pairs).
    pub fn mean_tenths(&self) -> u64 {
        (self.sum * 10).checked_div(self.pairs).unwrap_or(0)
    }
}

/// How well the generator draws what it is asked for.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct GeneratorQuality {
    /// Images the classifier reads as the requested digit.
    pub overall: Score,
    /// Per requested digit.
    pub per_digit: [Score; CLASSES],
    /// Distinct images among all generated.
    pub distinct: usize,
    /// Mean pairwise L1 distance between generated images of the same digit (diversity).
    pub generated_spread: Spread,
    /// The same over the real images of the reference set, per digit, for comparison.
    pub real_spread: Spread,
}

/// Generates one image per digit `0..=9` and seed in `seeds` (at most
/// [`MAX_DIVERSITY_SEEDS`]), classifies each with `classifier`, and compares the spread of the
/// generated images with that of `reference`'s real images.
pub fn generator_quality(
    generator: &Model<'_>,
    classifier: &Model<'_>,
    seeds: Range<u32>,
    reference: &Dataset<'_>,
) -> Result<GeneratorQuality> {
    if generator.task() != Task::Generator || classifier.task() != Task::Classifier {
        return Err(Error::BadTask);
    }
    let n = seeds.len();
    if n == 0 || n > MAX_DIVERSITY_SEEDS {
        return Err(Error::BadInput);
    }
    let mut q = GeneratorQuality::default();
    let mut images = [[0u8; IMAGE_PIXELS]; MAX_DIVERSITY_SEEDS];
    for digit in 0..CLASSES as u8 {
        for (slot, seed) in images.iter_mut().zip(seeds.clone()) {
            let mut s0 = [0u8; MAX_WIDTH];
            let len = generator.encode_prompt(Prompt { digit, seed }, &mut s0)?;
            let mut image = [0u8; MAX_OUTPUT];
            generator.trace_state(&s0[..len], |_, _| {}, &mut image)?;
            slot.copy_from_slice(&image[..IMAGE_PIXELS]);
            let mut read = [0u8; 1];
            classifier.infer(slot, &mut read)?;
            let hit = usize::from(read[0] == digit);
            q.per_digit[digit as usize].hits += hit;
            q.per_digit[digit as usize].total += 1;
            q.overall.hits += hit;
            q.overall.total += 1;
        }
        let drawn = &images[..n];
        q.distinct += (0..n).filter(|&i| !drawn[..i].contains(&drawn[i])).count();
        q.generated_spread.add(Spread::of(drawn));
        let mut real = [[0u8; IMAGE_PIXELS]; MAX_DIVERSITY_SEEDS];
        let mut count = 0;
        for sample in reference.iter().filter(|s| s.label == digit) {
            if count == real.len() {
                break;
            }
            real[count].copy_from_slice(sample.image);
            count += 1;
        }
        q.real_spread.add(Spread::of(&real[..count]));
    }
    Ok(q)
}
