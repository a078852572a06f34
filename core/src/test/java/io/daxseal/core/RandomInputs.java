package io.daxseal.core;

import io.daxseal.events.*;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Turns a list of integers (what jqwik generates and shrinks) into a plausible input sequence
 * over a small universe, so that the interesting paths are common: inputs mostly name
 * incarnations that registered, seals that were requested and operations that exist, but
 * sometimes stale or unknown ones; 3 agents, 2 inodes, ranges within 200 bytes, every policy,
 * times mostly rising (sometimes out of order) at a pace that lets some leases run out.
 */
final class RandomInputs {

    /** Three partitions by inode number, so that tokens of different inodes come from different counters. */
    static final Partitioning THREE_PARTITIONS = new Partitioning() {
        @Override
        public int partitions() {
            return 3;
        }

        @Override
        public int partitionOf(io.daxseal.events.Inode inode) {
            return (int) (inode.ino() % 3);
        }
    };


    static final Inode[] INODES = {Ctx.F1, Ctx.F2};
    static final String[] AGENTS = {"a", "b", "c"};
    static final ProcessRef[] PROCESSES = {Ctx.P1, Ctx.P2, new ProcessRef(Ctx.P1.pid(), 999)};

    private RandomInputs() {
    }

    private record Inc(String agent, long number) {
    }

    static List<Input> decode(List<Integer> codes) {
        List<Input> inputs = new ArrayList<>(codes.size());
        List<Inc> registered = new ArrayList<>();
        List<SealRequested> requested = new ArrayList<>();
        List<OpRequested> ops = new ArrayList<>();
        long[] nextIncarnation = new long[AGENTS.length];
        int sealCounter = 0;
        int opCounter = 0;
        long t = 0;
        for (int code : codes) {
            Random r = new Random(code);
            t = Math.max(0, t + (r.nextInt(15) == 0 ? -r.nextInt(60) : r.nextInt(r.nextInt(15) == 0 ? 4000 : 120)));
            Inc inc;
            if (registered.isEmpty() || r.nextInt(12) == 0) {
                int a = r.nextInt(AGENTS.length);
                inc = new Inc(AGENTS[a], 1 + r.nextInt((int) nextIncarnation[a] + 2));
            } else {
                inc = registered.get(registered.size() - 1 - r.nextInt(Math.min(registered.size(), 4)));
            }
            Inode inode = INODES[r.nextInt(INODES.length)];
            ProcessRef process = PROCESSES[r.nextInt(PROCESSES.length)];
            long offset = 10L * r.nextInt(15);
            long length = 1 + r.nextInt(60);
            Input input = switch (Math.floorMod(code, 20)) {
                case 0, 1 -> {
                    int a = r.nextInt(AGENTS.length);
                    long number = r.nextInt(6) == 0 ? 1 + r.nextInt(3) : nextIncarnation[a] + 1; // sometimes stale
                    if (number > nextIncarnation[a]) {
                        nextIncarnation[a] = number;
                        registered.add(new Inc(AGENTS[a], number));
                    }
                    yield new AgentRegistered(t, AGENTS[a], number, 500 + 500L * r.nextInt(10));
                }
                case 2, 3, 4 -> new AgentHeartbeat(t, inc.agent, inc.number, t);
                case 5 -> r.nextInt(3) == 0 ? new AgentLeft(t, inc.agent, inc.number)
                        : new AgentHeartbeat(t, inc.agent, inc.number, t);
                case 6 -> new ProcessExited(t, inc.agent, inc.number, process);
                case 7, 8, 9, 10 -> {
                    String seal = r.nextInt(6) == 0 && !requested.isEmpty()
                            ? requested.get(r.nextInt(requested.size())).seal() // maybe a duplicate
                            : "s" + sealCounter++;
                    SealRequested req = new SealRequested(t, seal, inc.agent, inc.number, process, inode,
                            new Range(offset, length), r.nextBoolean() ? SealKind.PIN : SealKind.MAP);
                    requested.add(req);
                    yield req;
                }
                case 11, 12, 13 -> {
                    if (requested.isEmpty() || r.nextInt(10) == 0) {
                        yield new SealReleased(t, "s" + r.nextInt(5), inc.agent, inc.number, inode, ReleaseReason.UNMAP);
                    }
                    SealRequested s = requested.get(requested.size() - 1 - r.nextInt(Math.min(requested.size(), 6)));
                    yield new SealReleased(t, s.seal(), s.agent(), s.incarnation(), s.inode(),
                            ReleaseReason.values()[r.nextInt(3)]);
                }
                case 14, 15, 16 -> {
                    String op = r.nextInt(8) == 0 && !ops.isEmpty() ? ops.get(r.nextInt(ops.size())).op() : "o" + opCounter++;
                    if (!requested.isEmpty() && r.nextInt(3) > 0) {
                        // aim at a recent seal: recalls, timeouts and breaks are what S1 is about
                        SealRequested target = requested.get(requested.size() - 1 - r.nextInt(Math.min(requested.size(), 4)));
                        inode = target.inode();
                        offset = Math.max(0, target.range().offset() - r.nextInt(20));
                    }
                    OpRequested req = new OpRequested(t, op, inode,
                            r.nextInt(5) == 0 ? Range.toEndOfFile(offset) : new Range(offset, length),
                            OpKind.values()[r.nextInt(OpKind.values().length)],
                            OpPolicy.values()[r.nextInt(3)], r.nextInt(4) == 0 ? 0 : r.nextInt(1500), "req");
                    ops.add(req);
                    yield req;
                }
                default -> {
                    if (ops.isEmpty() || r.nextInt(10) == 0) {
                        yield new OpFinished(t, "o" + r.nextInt(5), inode, OpOutcome.ABORTED);
                    }
                    OpRequested o = ops.get(ops.size() - 1 - r.nextInt(Math.min(ops.size(), 5)));
                    yield new OpFinished(t, o.op(), o.inode(), r.nextBoolean() ? OpOutcome.DONE : OpOutcome.ABORTED);
                }
            };
            inputs.add(input);
        }
        return inputs;
    }
}
