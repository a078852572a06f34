package io.daxseal.agent.core;

import static io.daxseal.agent.core.AgentCoreContext.AGENT;
import static io.daxseal.agent.core.AgentCoreContext.INODE;
import static io.daxseal.agent.core.AgentCoreContext.MARGIN;
import static io.daxseal.agent.core.AgentCoreContext.PROCESS;
import static io.daxseal.agent.core.AgentCoreContext.TTL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.daxseal.agent.core.HeldSeal;
import io.daxseal.agent.core.RevokeReason;
import io.daxseal.agent.core.SealRequest;
import io.daxseal.events.AgentExpired;
import io.daxseal.events.AgentFenced;
import io.daxseal.events.AgentHeartbeat;
import io.daxseal.events.AgentLeft;
import io.daxseal.events.BreakCause;
import io.daxseal.events.DenyReason;
import io.daxseal.events.FenceCause;
import io.daxseal.events.ProcessExited;
import io.daxseal.events.ProcessRef;
import io.daxseal.events.Range;
import io.daxseal.events.ReleaseReason;
import io.daxseal.events.SealBroken;
import io.daxseal.events.SealDenied;
import io.daxseal.events.SealGranted;
import io.daxseal.events.SealRecalled;
import io.daxseal.events.SealRef;
import io.daxseal.events.SealReleased;
import io.daxseal.events.SealRequested;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Every transition of the agent core, without a broker, a thread or a clock. */
class AgentCoreTest {

    private static final Range R = new Range(0, 4096);

    @Nested
    class Registration {

        @Test
        void registeringThenLiveWhenTheBrokerAcknowledges() {
            AgentCore core = new AgentCore(AGENT, TTL, MARGIN);
            assertThat(core.status()).isEqualTo(AgentStatus.REGISTERING);
            core.beginRegistration(7);
            assertThat(core.incarnation()).isEqualTo(7);
            assertThat(core.status()).isEqualTo(AgentStatus.REGISTERING);
            assertThat(core.registered(7, 100)).isTrue();
            assertThat(core.status()).isEqualTo(AgentStatus.LIVE);
            assertThat(core.revokeAt()).isEqualTo(100 + TTL - MARGIN);
        }

        @Test
        void anAcknowledgementForAnotherIncarnationChangesNothing() {
            AgentCore core = new AgentCore(AGENT, TTL, MARGIN);
            core.beginRegistration(7);
            assertThat(core.registered(6, 100)).isFalse();
            assertThat(core.status()).isEqualTo(AgentStatus.REGISTERING);
        }

        @Test
        void incarnationsOnlyGrowAndALiveAgentDoesNotRegisterAgain() {
            AgentCoreContext c = AgentCoreContext.live(7);
            assertThatThrownBy(() -> c.core.beginRegistration(8)).isInstanceOf(IllegalStateException.class);
            AgentCore fresh = new AgentCore(AGENT, TTL, MARGIN);
            fresh.beginRegistration(7);
            assertThatThrownBy(() -> fresh.beginRegistration(7)).isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void requestsAreRefusedUntilLive() {
            AgentCore core = new AgentCore(AGENT, TTL, MARGIN);
            core.beginRegistration(7);
            SealRef ref = new SealRef(INODE, "s1");
            List<AgentEffect> effects = core.request(ref, SealRequest.pin(INODE, R, PROCESS), 0);
            assertThat(effects).singleElement().isInstanceOfSatisfying(AgentEffect.GrantsAbandoned.class,
                    a -> assertThat(a.refs()).containsExactly(ref));
            assertThat(core.pending()).isEmpty();
        }
    }

    @Nested
    class Grants {

        @Test
        void aRequestIsPublishedAndItsGrantHeldWithTheToken() {
            AgentCoreContext c = AgentCoreContext.live(7);
            SealRef ref = c.request(R);
            assertThat(c.published()).singleElement().isInstanceOfSatisfying(SealRequested.class, r -> {
                assertThat(r.seal()).isEqualTo(ref.seal());
                assertThat(r.incarnation()).isEqualTo(7);
                assertThat(r.range()).isEqualTo(R);
            });
            assertThat(c.core.pending()).containsExactly(ref);
            c.decide(new SealGranted(c.now, ref.seal(), AGENT, 7, INODE, 55));
            HeldSeal seal = c.only(AgentEffect.GrantCompleted.class).seal();
            assertThat(seal.token()).isEqualTo(55);
            assertThat(c.core.held()).containsExactly(seal);
            assertThat(c.core.pending()).isEmpty();
            assertThat(c.core.holders()).containsExactly(PROCESS);
        }

        @Test
        void aDenialFailsTheRequestAndTheSameIdMayBeAskedAgainAfterRangeBusy() {
            AgentCoreContext c = AgentCoreContext.live(7);
            SealRef ref = c.request(R);
            c.decide(new SealDenied(c.now, ref.seal(), AGENT, 7, INODE, DenyReason.RANGE_BUSY));
            assertThat(c.only(AgentEffect.GrantDenied.class).reason()).isEqualTo(DenyReason.RANGE_BUSY);
            assertThat(c.core.pending()).isEmpty();
            // The transport's retry asks again under the same id.
            c.effects = c.core.request(ref, SealRequest.pin(INODE, R, PROCESS), c.now);
            assertThat(c.published()).hasSize(1);
            c.decide(new SealGranted(c.now, ref.seal(), AGENT, 7, INODE, 56));
            assertThat(c.only(AgentEffect.GrantCompleted.class).seal().token()).isEqualTo(56);
        }

        @Test
        void aGrantAfterTheWaitWasGivenUpIsReleasedAtOnceAsAnOrphan() {
            AgentCoreContext c = AgentCoreContext.live(7);
            SealRef ref = c.request(R);
            c.core.abandon(ref); // the requester timed out
            c.decide(new SealGranted(c.now, ref.seal(), AGENT, 7, INODE, 57));
            assertThat(c.all(AgentEffect.GrantCompleted.class)).isEmpty();
            assertThat(c.published()).singleElement().isInstanceOfSatisfying(SealReleased.class, r -> {
                assertThat(r.seal()).isEqualTo(ref.seal());
                assertThat(r.reason()).isEqualTo(ReleaseReason.ORPHAN);
            });
            assertThat(c.core.held()).isEmpty();
        }

        @Test
        void aGrantNeverAskedForIsReleasedAtOnceAsAnOrphan() {
            AgentCoreContext c = AgentCoreContext.live(7);
            c.decide(new SealGranted(c.now, "not-mine", AGENT, 7, INODE, 58));
            assertThat(c.all(AgentEffect.GrantCompleted.class)).isEmpty();
            assertThat(c.published()).singleElement().isInstanceOfSatisfying(SealReleased.class, r -> {
                assertThat(r.seal()).isEqualTo("not-mine");
                assertThat(r.incarnation()).isEqualTo(7);
                assertThat(r.reason()).isEqualTo(ReleaseReason.ORPHAN);
            });
            assertThat(c.core.held()).isEmpty();
        }

        @Test
        void decisionsForAnotherAgentOrIncarnationChangeNothing() {
            AgentCoreContext c = AgentCoreContext.live(7);
            SealRef ref = c.request(R);
            assertThat(c.decide(new SealGranted(c.now, ref.seal(), "host-b", 7, INODE, 1))).isEmpty();
            assertThat(c.decide(new SealGranted(c.now, ref.seal(), AGENT, 6, INODE, 1))).isEmpty();
            assertThat(c.decide(new AgentFenced(c.now, AGENT, 6, FenceCause.RECALL_TIMEOUT))).isEmpty();
            assertThat(c.core.pending()).containsExactly(ref);
            assertThat(c.core.status()).isEqualTo(AgentStatus.LIVE);
        }

        @Test
        void releaseIsPublishedOnceAndNotForASealAlreadyGone() {
            AgentCoreContext c = AgentCoreContext.live(7);
            HeldSeal seal = c.hold(R, 1);
            List<AgentEffect> first = c.core.release(seal, ReleaseReason.UNPIN, c.now);
            assertThat(first).singleElement().isInstanceOfSatisfying(AgentEffect.Publish.class,
                    p -> assertThat(((SealReleased) p.event()).reason()).isEqualTo(ReleaseReason.UNPIN));
            assertThat(c.core.release(seal, ReleaseReason.UNPIN, c.now)).isEmpty();
        }
    }

    @Nested
    class Recalls {

        @Test
        void aRecallOfAHeldSealIsDeliveredAndAnsweredByARelease() {
            AgentCoreContext c = AgentCoreContext.live(7);
            HeldSeal seal = c.hold(R, 1);
            c.decide(new SealRecalled(c.now, seal.seal(), AGENT, 7, INODE, "op-1", c.now + 2000));
            AgentEffect.RecallDelivered recall = c.only(AgentEffect.RecallDelivered.class);
            assertThat(recall.recall().seal()).isEqualTo(seal);
            assertThat(recall.recall().op()).isEqualTo("op-1");
            assertThat(recall.recall().deadline()).isEqualTo(c.now + 2000);
            assertThat(c.core.release(seal, ReleaseReason.RECALL, c.now)).hasSize(1);
            assertThat(c.core.held()).isEmpty();
        }

        @Test
        void anIgnoredRecallEndsInABreakThatRevokesTheSeal() {
            AgentCoreContext c = AgentCoreContext.live(7);
            HeldSeal seal = c.hold(R, 1);
            HeldSeal other = c.hold(new Range(8192, 4096), 2);
            c.decide(new SealRecalled(c.now, seal.seal(), AGENT, 7, INODE, "op-1", c.now + 2000));
            c.sleep(2001);
            c.decide(new SealBroken(c.now, seal.seal(), AGENT, 7, INODE, BreakCause.RECALL_TIMEOUT));
            AgentEffect.Revoked revoked = c.only(AgentEffect.Revoked.class);
            assertThat(revoked.seals()).containsExactly(seal);
            assertThat(revoked.reason()).isEqualTo(RevokeReason.BROKEN);
            assertThat(revoked.urgent()).isFalse();
            assertThat(c.core.held()).containsExactly(other);
            assertThat(c.core.status()).isEqualTo(AgentStatus.LIVE);
        }

        @Test
        void aRecallOrBreakOfASealNotHeldChangesNothing() {
            AgentCoreContext c = AgentCoreContext.live(7);
            assertThat(c.decide(new SealRecalled(c.now, "s9", AGENT, 7, INODE, "op", c.now))).isEmpty();
            assertThat(c.decide(new SealBroken(c.now, "s9", AGENT, 7, INODE, BreakCause.RECALL_TIMEOUT))).isEmpty();
        }
    }

    @Nested
    class IncarnationEnds {

        @Test
        void fencingRevokesEverythingFailsPendingAndRegistersAgain() {
            AgentCoreContext c = AgentCoreContext.live(7);
            HeldSeal seal = c.hold(R, 1);
            SealRef waiting = c.request(new Range(8192, 10));
            c.decide(new AgentFenced(c.now, AGENT, 7, FenceCause.RECALL_TIMEOUT));
            AgentEffect.IncarnationEnded ended = c.only(AgentEffect.IncarnationEnded.class);
            assertThat(ended.incarnation()).isEqualTo(7);
            assertThat(ended.cause()).isEqualTo("coordinator");
            assertThat(ended.why()).contains("fenced (recall-timeout)");
            assertThat(ended.registerAgain()).isTrue();
            assertThat(c.only(AgentEffect.Revoked.class).seals()).containsExactly(seal);
            assertThat(c.only(AgentEffect.Revoked.class).reason()).isEqualTo(RevokeReason.INCARNATION_ENDED);
            assertThat(c.only(AgentEffect.GrantsAbandoned.class).refs()).containsExactly(waiting);
            assertThat(c.core.status()).isEqualTo(AgentStatus.REVOKED);
            assertThat(c.core.held()).isEmpty();

            // Re-registration: a higher incarnation becomes live; the old incarnation's late decisions change nothing.
            c.core.beginRegistration(8);
            assertThat(c.core.status()).isEqualTo(AgentStatus.REVOKED);
            assertThat(c.decide(new SealGranted(c.now, waiting.seal(), AGENT, 7, INODE, 3))).isEmpty();
            assertThat(c.core.registered(8, c.now)).isTrue();
            assertThat(c.core.status()).isEqualTo(AgentStatus.LIVE);
            assertThat(c.core.incarnation()).isEqualTo(8);
        }

        @Test
        void expiryEndsTheIncarnationLikeFencing() {
            AgentCoreContext c = AgentCoreContext.live(7);
            HeldSeal seal = c.hold(R, 1);
            c.decide(new AgentExpired(c.now, AGENT, 7, c.now - 1));
            assertThat(c.only(AgentEffect.IncarnationEnded.class).why()).contains("expired");
            assertThat(c.only(AgentEffect.Revoked.class).seals()).containsExactly(seal);
            assertThat(c.core.status()).isEqualTo(AgentStatus.REVOKED);
        }

        @Test
        void aGrantForTheNewIncarnationWhileRevokedIsHandedBack() {
            AgentCoreContext c = AgentCoreContext.live(7);
            c.decide(new AgentFenced(c.now, AGENT, 7, FenceCause.REPLACED));
            c.core.beginRegistration(8);
            c.decide(new SealGranted(c.now, "s5", AGENT, 8, INODE, 9));
            assertThat(c.published()).singleElement().isInstanceOf(SealReleased.class);
            assertThat(c.core.held()).isEmpty();
        }
    }

    @Nested
    class SelfRevocation {

        @Test
        void nothingHappensOneMillisecondBeforeTheDeadlineAndEverythingGoesAtIt() {
            AgentCoreContext c = AgentCoreContext.live(7);
            HeldSeal seal = c.hold(R, 1);
            long deadline = c.core.revokeAt();
            c.now = deadline - 1;
            assertThat(c.checkLease()).isEmpty();
            assertThat(c.core.held()).containsExactly(seal);
            c.now = deadline;
            c.checkLease();
            AgentEffect.IncarnationEnded ended = c.only(AgentEffect.IncarnationEnded.class);
            assertThat(ended.cause()).isEqualTo("lease-in-doubt");
            assertThat(ended.deadline()).isEqualTo(deadline);
            assertThat(ended.at()).isEqualTo(deadline);
            AgentEffect.Revoked revoked = c.only(AgentEffect.Revoked.class);
            assertThat(revoked.reason()).isEqualTo(RevokeReason.LEASE_IN_DOUBT);
            assertThat(revoked.urgent()).as("S5 does not wait behind handlers").isTrue();
            assertThat(c.core.status()).isEqualTo(AgentStatus.REVOKED);
        }

        @Test
        void anAcknowledgedHeartbeatMovesTheDeadlineByItsSendTime() {
            AgentCoreContext c = AgentCoreContext.live(7);
            c.sleep(1000);
            c.effects = c.core.heartbeatDue(c.now);
            AgentHeartbeat hb = (AgentHeartbeat) c.published().get(0);
            assertThat(hb.seq()).isEqualTo(1);
            c.sleep(5);
            c.core.heartbeatAcked(7, hb.at(), c.now);
            assertThat(c.core.revokeAt()).isEqualTo(hb.at() + TTL - MARGIN);
        }

        @Test
        void anAcknowledgementThatArrivesAfterTheDeadlineRevivesNothing() {
            AgentCoreContext c = AgentCoreContext.live(7);
            long sentAt = c.now + 100;
            long deadline = c.core.revokeAt();
            c.core.heartbeatAcked(7, sentAt, deadline); // acknowledged just as the lease went into doubt
            assertThat(c.core.revokeAt()).isEqualTo(deadline);
            c.now = deadline;
            assertThat(c.checkLease()).isNotEmpty();
        }

        @Test
        void afterALongPauseTheFirstInputRevokesBeforeAnythingElse() {
            AgentCoreContext c = AgentCoreContext.live(7);
            c.hold(R, 1);
            c.sleep(TTL * 10); // SIGSTOP
            c.effects = c.core.heartbeatDue(c.now);
            assertThat(c.published()).as("no heartbeat that would look like renewal").isEmpty();
            assertThat(c.only(AgentEffect.IncarnationEnded.class).cause()).isEqualTo("lease-in-doubt");

            AgentCoreContext d = AgentCoreContext.live(7);
            d.hold(R, 1);
            d.sleep(TTL * 10);
            d.request(new Range(100_000, 1));
            assertThat(d.only(AgentEffect.IncarnationEnded.class).cause()).isEqualTo("lease-in-doubt");
            assertThat(d.published()).as("no request from a revoked incarnation").isEmpty();
            assertThat(d.all(AgentEffect.GrantsAbandoned.class)).hasSize(1);
        }

        @Test
        void aFenceReadAfterTheDeadlineIsTheLeasesRevocationNotTheCoordinators() {
            AgentCoreContext c = AgentCoreContext.live(7);
            c.hold(R, 1);
            c.now = c.core.revokeAt() + 50;
            c.decide(new AgentExpired(c.now, AGENT, 7, 0));
            assertThat(c.only(AgentEffect.IncarnationEnded.class).cause()).isEqualTo("lease-in-doubt");
        }

        @Test
        void heartbeatsCountUpAndStopWhileRevoked() {
            AgentCoreContext c = AgentCoreContext.live(7);
            assertThat(((AgentHeartbeat) pub(c, c.core.heartbeatDue(c.now))).seq()).isEqualTo(1);
            assertThat(((AgentHeartbeat) pub(c, c.core.heartbeatDue(c.now))).seq()).isEqualTo(2);
            c.decide(new AgentFenced(c.now, AGENT, 7, FenceCause.REPLACED));
            assertThat(c.core.heartbeatDue(c.now)).isEmpty();
            c.core.beginRegistration(9);
            c.core.registered(9, c.now);
            assertThat(((AgentHeartbeat) pub(c, c.core.heartbeatDue(c.now))).seq()).isEqualTo(1);
        }

        private io.daxseal.events.Event pub(AgentCoreContext c, List<AgentEffect> effects) {
            c.effects = effects;
            return c.published().get(0);
        }
    }

    @Nested
    class ProcessesAndLeaving {

        @Test
        void aHolderThatExitsLosesItsSealsAndTheExitIsPublished() {
            AgentCoreContext c = AgentCoreContext.live(7);
            HeldSeal mine = c.hold(R, 1);
            ProcessRef other = new ProcessRef(5000, 1);
            c.effects = c.core.request(c.nextRef(), SealRequest.pin(INODE, new Range(9000, 1), other), c.now);
            SealRequested r = (SealRequested) c.published().get(0);
            c.decide(new SealGranted(c.now, r.seal(), AGENT, 7, INODE, 2));
            HeldSeal theirs = c.only(AgentEffect.GrantCompleted.class).seal();

            c.effects = c.core.processExited(PROCESS, c.now);
            assertThat(c.published()).singleElement().isInstanceOfSatisfying(ProcessExited.class,
                    e -> assertThat(e.process()).isEqualTo(PROCESS));
            assertThat(c.only(AgentEffect.Revoked.class).seals()).containsExactly(mine);
            assertThat(c.only(AgentEffect.Revoked.class).reason()).isEqualTo(RevokeReason.PROCESS_EXITED);
            assertThat(c.core.held()).containsExactly(theirs);
            assertThat(c.core.processExited(PROCESS, c.now)).as("told once").isEmpty();
        }

        @Test
        void closingRevokesEverythingAndPublishesAgentLeftLast() {
            AgentCoreContext c = AgentCoreContext.live(7);
            HeldSeal seal = c.hold(R, 1);
            SealRef waiting = c.request(new Range(8192, 1));
            c.effects = c.core.close(c.now);
            assertThat(c.only(AgentEffect.IncarnationEnded.class).cause()).isEqualTo("shutdown");
            assertThat(c.only(AgentEffect.IncarnationEnded.class).registerAgain()).isFalse();
            assertThat(c.only(AgentEffect.Revoked.class).seals()).containsExactly(seal);
            assertThat(c.only(AgentEffect.Revoked.class).urgent()).isTrue();
            assertThat(c.only(AgentEffect.GrantsAbandoned.class).refs()).containsExactly(waiting);
            assertThat(c.effects.get(c.effects.size() - 1)).isInstanceOfSatisfying(AgentEffect.Publish.class,
                    p -> assertThat(p.event()).isEqualTo(new AgentLeft(c.now, AGENT, 7)));
            assertThat(c.core.status()).isEqualTo(AgentStatus.CLOSED);
            assertThat(c.core.close(c.now)).as("closed once").isEmpty();
        }

        @Test
        void closingWhileRevokedPublishesNothing() {
            AgentCoreContext c = AgentCoreContext.live(7);
            c.decide(new AgentFenced(c.now, AGENT, 7, FenceCause.REPLACED));
            c.effects = c.core.close(c.now);
            assertThat(c.published()).isEmpty();
            assertThat(c.core.status()).isEqualTo(AgentStatus.CLOSED);
        }

        @Test
        void haltTellsNoOne() {
            AgentCoreContext c = AgentCoreContext.live(7);
            c.hold(R, 1);
            SealRef waiting = c.request(new Range(8192, 1));
            c.effects = c.core.halt();
            assertThat(c.published()).isEmpty();
            assertThat(c.all(AgentEffect.Revoked.class)).isEmpty();
            assertThat(c.only(AgentEffect.GrantsAbandoned.class).refs()).containsExactly(waiting);
            assertThat(c.core.held()).isEmpty();
            assertThat(c.core.status()).isEqualTo(AgentStatus.CLOSED);
            assertThatThrownBy(() -> c.core.beginRegistration(8)).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void statusTransitionsAreExactlyTheDocumentedOnes() {
        for (AgentStatus from : AgentStatus.values()) {
            for (AgentStatus to : AgentStatus.values()) {
                boolean allowed = switch (from) {
                    case REGISTERING -> to == AgentStatus.LIVE || to == AgentStatus.CLOSED;
                    case LIVE -> to == AgentStatus.REVOKED || to == AgentStatus.CLOSED;
                    case REVOKED -> to == AgentStatus.LIVE || to == AgentStatus.CLOSED;
                    case CLOSED -> false;
                };
                assertThat(from.canMoveTo(to)).as(from + " -> " + to).isEqualTo(allowed);
            }
        }
    }
}
