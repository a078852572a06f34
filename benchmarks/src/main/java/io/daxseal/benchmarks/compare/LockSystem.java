package io.daxseal.benchmarks.compare;

/**
 * One system under comparison: something that grants a client a claim on a key, tied to the
 * client's lease and carrying a fencing token, and takes it back. ZooKeeper, etcd and daxseal each
 * do it their own way; the comparison times the same cycle in each.
 */
interface LockSystem extends AutoCloseable {

    /** The system's name in the report. */
    String name();

    /** A new client with a lease of its own (a ZooKeeper session, an etcd lease, a daxseal agent). */
    Client client(int index) throws Exception;

    @Override
    void close() throws Exception;

    /** One client: claims its key, then releases it; one claim at a time. */
    interface Client extends AutoCloseable {

        /** Takes the claim; returns its fencing token once the system has granted it. */
        long acquire() throws Exception;

        /** Gives the claim back; returns once the system has it. */
        void release() throws Exception;

        @Override
        void close() throws Exception;
    }
}
