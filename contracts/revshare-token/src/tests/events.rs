//! Every typed emitter writes exactly the `sol!` encoding of its event.

use super::*;

#[motsu::test]
fn emitters_write_the_sol_encoding(token: Contract<RevShareToken>, alice: Address) {
    let (a, b) = (Address::repeat_byte(0xa1), Address::repeat_byte(0xb2));
    let (x, y, z) = (u(7), U256::MAX, U256::from(u128::MAX) + u(1));
    let expected = [
        Transfer {
            from: a,
            to: b,
            value: y,
        }
        .encode_log_data(),
        Approval {
            owner: a,
            spender: b,
            value: x,
        }
        .encode_log_data(),
        OwnershipTransferred {
            previousOwner: a,
            newOwner: b,
        }
        .encode_log_data(),
        RevenueReceived { from: a, amount: z }.encode_log_data(),
        Snapshot { id: x }.encode_log_data(),
        SnapshotRevenue {
            id: x,
            claimable: y,
            toRedeemPool: z,
        }
        .encode_log_data(),
        RevenueClaimed {
            account: a,
            snapshotId: x,
            amount: z,
        }
        .encode_log_data(),
        Redeemed {
            account: b,
            burned: y,
            paid: x,
        }
        .encode_log_data(),
        RevenueSourceAdded {
            oracle: a,
            modelId: y,
        }
        .encode_log_data(),
        RevenueSourceRemoved {
            oracle: b,
            modelId: x,
        }
        .encode_log_data(),
        RevenueSourceFailed {
            oracle: a,
            modelId: z,
        }
        .encode_log_data(),
    ];
    let t = token.sender(alice);
    t.emit_transfer(a, b, y);
    t.emit_approval(a, b, x);
    t.emit_ownership_transferred(a, b);
    t.emit_revenue_received(a, z);
    t.emit_snapshot(x, y, z);
    t.emit_revenue_claimed(a, x, z);
    t.emit_redeemed(b, y, x);
    t.emit_revenue_source_added(a, y);
    t.emit_revenue_source_removed(b, x);
    t.emit_revenue_source_failed(a, z);
    drop(t);
    assert_eq!(token.all_events(), expected.to_vec());
}
