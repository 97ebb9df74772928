//! Property tests of the vesting invariants: vested is monotone in time, zero before the cliff,
//! complete at the end and never above the grant; on the contract, random sequences of funding,
//! time and releases never release more than has vested, and release everything by the end.

use alloy_primitives::U256;
use proptest::prelude::*;

use super::{set_time, u, Env, IErc20, AMOUNT, CLIFF, DURATION};
use crate::Schedule;

fn schedule() -> impl Strategy<Value = Schedule> {
    (0u64..1u64 << 40, 1u64..1u64 << 32, any::<u128>()).prop_flat_map(
        |(start, duration, amount)| {
            (0..=duration).prop_map(move |cliff| Schedule {
                start,
                cliff,
                duration,
                amount,
            })
        },
    )
}

#[derive(Clone, Debug)]
enum Op {
    Wait(u64),
    Fund(u128),
    Release,
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn vesting_is_monotone_zero_before_the_cliff_and_complete_at_the_end(
        s in schedule(),
        mut times in proptest::collection::vec(any::<u64>(), 1..20),
    ) {
        times.sort_unstable();
        let mut last = 0u128;
        for &t in &times {
            let v = s.vested(t);
            prop_assert!(v >= last, "not monotone at {t}");
            prop_assert!(v <= s.amount);
            if t < s.start.saturating_add(s.cliff) {
                prop_assert_eq!(v, 0);
            }
            if t >= s.start.saturating_add(s.duration) {
                prop_assert_eq!(v, s.amount);
            }
            last = v;
        }
        prop_assert_eq!(s.vested(s.start + s.duration), s.amount);
        prop_assert_eq!(s.vested(u64::MAX), s.amount);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn releases_follow_the_schedule(
        ops in proptest::collection::vec(
            prop_oneof![
                (0u64..1_500).prop_map(Op::Wait),
                (0u128..AMOUNT / 2).prop_map(Op::Fund),
                Just(Op::Release),
            ],
            0..25,
        ),
    ) {
        let env = Env::new(false);
        let schedule = Schedule { start: env.start, cliff: CLIFF, duration: DURATION, amount: AMOUNT };
        let beneficiary = env.beneficiary.address();
        let mut funded = 0u128;
        let mut released = 0u128;
        for op in &ops {
            match *op {
                Op::Wait(seconds) => imo_testkit::clock::advance(seconds),
                Op::Fund(amount) => {
                    let amount = amount.min(AMOUNT - funded);
                    env.fund(amount);
                    funded += amount;
                }
                Op::Release => {
                    if let Ok(amount) = env.release() {
                        released += amount.to::<u128>();
                    }
                }
            }
            let now = super::now();
            prop_assert!(released <= schedule.vested(now), "released ahead of the schedule");
            prop_assert!(released <= funded);
            prop_assert_eq!(env.token.sender(beneficiary).balance_of(beneficiary), u(released));
            let due = schedule.vested(now).min(funded) - released;
            prop_assert_eq!(env.grant.sender(beneficiary).releasable(), u(due));
        }
        // Fully funded and past the end: everything is released.
        env.fund(AMOUNT - funded);
        set_time(env.start + DURATION);
        let _ = env.release();
        prop_assert_eq!(env.token.sender(beneficiary).balance_of(beneficiary), u(AMOUNT));
        prop_assert_eq!(env.grant.sender(beneficiary).releasable(), U256::ZERO);
    }
}
