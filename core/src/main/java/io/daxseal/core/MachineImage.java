package io.daxseal.core;

import io.daxseal.events.Inode;
import io.daxseal.events.OpKind;
import io.daxseal.events.OpPolicy;
import io.daxseal.events.OpRequested;
import io.daxseal.events.ProcessRef;
import io.daxseal.events.Range;
import io.daxseal.events.SealKind;
import io.daxseal.events.SealRequested;
import io.daxseal.events.WireEnum;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole state of a {@link SealMachine} as bytes, and back: what a coordinator's snapshot holds
 * (protocol v2 keeps that state bounded by what is live, so an image is too). Reading an image
 * gives a machine whose {@link SealMachine#digest() digest}, views and timers equal the written
 * one's, so that loading a snapshot and replaying the log after it gives the state that replaying
 * the whole log gives (S4).
 *
 * <p>Format version {@value #FORMAT}: a magic number, the version, then the clock, the token
 * counters, every agent's remembered incarnations, every inode with its live seals and unfinished
 * operations, the undecided seal requests, and the armed timers in firing order; enums by wire
 * name, strings as modified UTF-8. An unknown version, a wrong magic number, a truncated image or
 * one whose references do not resolve is refused with {@link IOException} saying which.
 */
public final class MachineImage {

    /** The image format this build writes and reads. */
    public static final int FORMAT = 1;
    private static final int MAGIC = 0x44585353; // "DXSS"

    private MachineImage() {
    }

    /** Writes the state of {@code machine}; the machine must not change meanwhile. */
    public static void write(SealMachine machine, OutputStream out) throws IOException {
        SealState s = machine.state();
        DataOutputStream o = new DataOutputStream(out);
        o.writeInt(MAGIC);
        o.writeInt(FORMAT);
        o.writeLong(s.clock);
        o.writeInt(s.tokens.length);
        for (long t : s.tokens) {
            o.writeLong(t);
        }
        o.writeInt(s.agents.size());
        for (AgentRecord record : s.agents.values()) {
            o.writeUTF(record.agent);
            List<Incarnation> remembered = record.remembered();
            o.writeInt(remembered.size());
            for (Incarnation inc : remembered) {
                o.writeLong(inc.number);
                o.writeLong(inc.ttlMs);
                o.writeLong(inc.registeredAt);
                o.writeLong(inc.lastHeartbeatAt);
                o.writeUTF(inc.status.wire());
            }
        }
        List<InodeState> inodes = s.inodes.values();
        o.writeInt(inodes.size());
        for (InodeState inode : inodes) {
            writeInode(o, inode);
        }
        List<SealRequested> undecided = new ArrayList<>(s.pending.values());
        if (s.lastRequest != null) {
            undecided.add(s.lastRequest); // the newest last: it becomes lastRequest again
        }
        o.writeInt(undecided.size());
        for (SealRequested r : undecided) {
            o.writeLong(r.at());
            o.writeUTF(r.seal());
            o.writeUTF(r.agent());
            o.writeLong(r.incarnation());
            writeProcess(o, r.process());
            writeInodeKey(o, r.inode());
            writeRange(o, r.range());
            o.writeUTF(r.kind().wire());
        }
        List<Timers.Timer> timers = s.timers.pending();
        o.writeInt(timers.size());
        for (Timers.Timer t : timers) {
            o.writeLong(t.fireAt());
            switch (t.key()) {
                case TimerKey.Lease l -> {
                    o.writeByte(0);
                    o.writeUTF(l.agent());
                    o.writeLong(l.incarnation());
                }
                case TimerKey.Recall r -> {
                    o.writeByte(1);
                    writeInodeKey(o, r.inode());
                    o.writeUTF(r.op());
                }
            }
        }
        o.flush();
    }

    private static void writeInode(DataOutputStream o, InodeState inode) throws IOException {
        writeInodeKey(o, inode.inode);
        o.writeLong(inode.nextOpSeq);
        List<Seal> seals = inode.sealsByToken();
        o.writeInt(seals.size());
        for (Seal seal : seals) {
            o.writeUTF(seal.id());
            o.writeUTF(seal.holder.agent);
            o.writeLong(seal.holder.number);
            writeProcess(o, seal.process);
            writeRange(o, seal.range);
            o.writeUTF(seal.kind.wire());
            o.writeLong(seal.token);
            o.writeLong(seal.grantedAt);
        }
        o.writeInt(inode.activeOps().size());
        for (Operation op : inode.activeOps().values()) {
            OpRequested r = op.request;
            o.writeUTF(r.op());
            o.writeLong(r.at());
            writeRange(o, r.range());
            o.writeUTF(r.kind().wire());
            o.writeUTF(r.policy().wire());
            o.writeLong(r.breakTimeoutMs());
            o.writeUTF(r.requester());
            o.writeLong(op.seq);
            o.writeUTF(op.state.wire());
            o.writeLong(op.deadline);
            // Recalled seals in recall order; an ended one is kept by name only (views and the digest name it).
            o.writeInt(op.recalled.size());
            for (Seal seal : op.recalled) {
                o.writeBoolean(seal.live);
                o.writeUTF(seal.holder.agent);
                o.writeLong(seal.holder.number);
                o.writeUTF(seal.id());
            }
        }
        // Each live seal's recallers, in the order they recalled it.
        for (Seal seal : seals) {
            List<Operation> by = seal.recalledBy == null ? List.of() : seal.recalledBy;
            o.writeInt(by.size());
            for (Operation op : by) {
                o.writeUTF(op.id());
            }
        }
    }

    private static void writeInodeKey(DataOutputStream o, Inode inode) throws IOException {
        o.writeUTF(inode.fs());
        o.writeLong(inode.ino());
        o.writeLong(inode.gen());
    }

    private static void writeProcess(DataOutputStream o, ProcessRef p) throws IOException {
        o.writeInt(p.pid());
        o.writeLong(p.start());
    }

    private static void writeRange(DataOutputStream o, Range r) throws IOException {
        o.writeLong(r.offset());
        o.writeLong(r.length());
    }

    // ------------------------------------------------------------------------------------ reading

    /**
     * Reads an image into a new machine for a log split as {@code partitioning} says.
     *
     * @throws IOException when the bytes are not an image this build reads (wrong magic, unknown
     *     version, truncated, a partition count that differs, references that do not resolve)
     */
    public static SealMachine read(InputStream in, Partitioning partitioning) throws IOException {
        DataInputStream i = new DataInputStream(in);
        try {
            if (i.readInt() != MAGIC) {
                throw new IOException("not a daxseal state image (wrong magic number)");
            }
            int format = i.readInt();
            if (format != FORMAT) {
                throw new IOException("state image format " + format + " is not supported (this build reads " + FORMAT
                        + ")");
            }
            SealMachine machine = new SealMachine(partitioning);
            SealState s = machine.state();
            s.clock = i.readLong();
            int partitions = i.readInt();
            if (partitions != s.tokens.length) {
                throw new IOException("the image has token counters for " + partitions + " partition(s), the log has "
                        + s.tokens.length + ": a partition count must never change");
            }
            for (int p = 0; p < partitions; p++) {
                s.tokens[p] = i.readLong();
            }
            int agents = i.readInt();
            for (int a = 0; a < agents; a++) {
                AgentRecord record = new AgentRecord(i.readUTF());
                int n = i.readInt();
                for (int k = 0; k < n; k++) {
                    Incarnation inc = new Incarnation(record.agent, i.readLong(), i.readLong(), i.readLong());
                    inc.lastHeartbeatAt = i.readLong();
                    inc.status = wire(IncarnationStatus.class, i.readUTF());
                    record.restore(inc);
                }
                s.agents.put(record.agent, record);
            }
            int inodes = i.readInt();
            for (int k = 0; k < inodes; k++) {
                readInode(i, s);
            }
            int undecided = i.readInt();
            for (int k = 0; k < undecided; k++) {
                SealRequested r = new SealRequested(i.readLong(), i.readUTF(), i.readUTF(), i.readLong(), readProcess(i),
                        readInodeKey(i), readRange(i), wire(SealKind.class, i.readUTF()));
                if (s.lastRequest != null) {
                    s.pending.put(SealState.PendingKey.of(s.lastRequest), s.lastRequest);
                }
                s.lastRequest = r;
            }
            int timers = i.readInt();
            for (int k = 0; k < timers; k++) {
                long fireAt = i.readLong();
                TimerKey key = switch (i.readByte()) {
                    case 0 -> new TimerKey.Lease(i.readUTF(), i.readLong());
                    case 1 -> new TimerKey.Recall(readInodeKey(i), i.readUTF());
                    default -> throw new IOException("unknown timer kind in the image");
                };
                s.timers.arm(key, fireAt); // in firing order, so ties keep their order
            }
            if (i.read() != -1) {
                throw new IOException("the image has bytes after its end");
            }
            return machine;
        } catch (EOFException e) {
            throw new IOException("the state image is truncated", e);
        } catch (IllegalArgumentException e) {
            throw new IOException("the state image holds an invalid value: " + e.getMessage(), e);
        }
    }

    private static void readInode(DataInputStream i, SealState s) throws IOException {
        Inode key = readInodeKey(i);
        InodeState inode = s.inodes.getOrCreate(key);
        inode.nextOpSeq = i.readLong();
        int seals = i.readInt();
        List<Seal> live = new ArrayList<>(seals);
        Map<String, Seal> byName = new HashMap<>();
        for (int k = 0; k < seals; k++) {
            String id = i.readUTF();
            String agent = i.readUTF();
            long number = i.readLong();
            Incarnation holder = s.incarnation(agent, number);
            if (holder == null) {
                throw new IOException("seal '" + id + "' on " + key.key() + " is held by " + agent + "#" + number
                        + ", which the image does not remember");
            }
            Seal seal = new Seal(new SealKey(key, id), inode, holder, readProcess(i), readRange(i),
                    wire(SealKind.class, i.readUTF()), i.readLong(), i.readLong());
            holder.liveSeals.put(seal.key, seal);
            inode.seals.insert(seal.range.offset(), seal.range.end(), seal.token, seal);
            s.liveSealCount++;
            live.add(seal);
            byName.put(agent + "#" + number + "/" + id, seal);
        }
        int ops = i.readInt();
        Map<String, Operation> opsById = new HashMap<>();
        for (int k = 0; k < ops; k++) {
            String id = i.readUTF();
            OpRequested r = new OpRequested(i.readLong(), id, key, readRange(i), wire(OpKind.class, i.readUTF()),
                    wire(OpPolicy.class, i.readUTF()), i.readLong(), i.readUTF());
            Operation op = new Operation(r, i.readLong());
            op.state = wire(OpState.class, i.readUTF());
            op.deadline = i.readLong();
            int recalled = i.readInt();
            for (int n = 0; n < recalled; n++) {
                boolean isLive = i.readBoolean();
                String agent = i.readUTF();
                long number = i.readLong();
                String sealId = i.readUTF();
                Seal seal = isLive ? byName.get(agent + "#" + number + "/" + sealId) : ended(key, inode, agent, number, sealId);
                if (seal == null) {
                    throw new IOException("operation '" + id + "' on " + key.key() + " recalled seal " + agent + "#"
                            + number + "/" + sealId + ", which the image does not hold");
                }
                op.recalled.add(seal);
            }
            inode.addOp(op);
            opsById.put(id, op);
        }
        for (Seal seal : live) {
            int recallers = i.readInt();
            for (int n = 0; n < recallers; n++) {
                String opId = i.readUTF();
                Operation op = opsById.get(opId);
                if (op == null) {
                    throw new IOException("seal " + seal.id() + " on " + key.key() + " is recalled by operation '"
                            + opId + "', which the image does not hold");
                }
                seal.addRecaller(op);
            }
        }
    }

    /** A recalled seal that has ended: only its name matters (views and the digest show it). */
    private static Seal ended(Inode key, InodeState inode, String agent, long number, String id) {
        Incarnation holder = new Incarnation(agent, number, 0, 0);
        Seal seal = new Seal(new SealKey(key, id), inode, holder, new ProcessRef(1, 0), new Range(0, 1), SealKind.PIN,
                0, 0);
        seal.live = false;
        return seal;
    }

    private static Inode readInodeKey(DataInputStream i) throws IOException {
        return new Inode(i.readUTF(), i.readLong(), i.readLong());
    }

    private static ProcessRef readProcess(DataInputStream i) throws IOException {
        return new ProcessRef(i.readInt(), i.readLong());
    }

    private static Range readRange(DataInputStream i) throws IOException {
        return new Range(i.readLong(), i.readLong());
    }

    private static <E extends Enum<E> & WireEnum> E wire(Class<E> type, String name) throws IOException {
        E value = WireEnum.fromWire(type, name);
        if (value == null) {
            throw new IOException("unknown " + type.getSimpleName() + " '" + name + "' in the state image");
        }
        return value;
    }
}
