package io.daxseal.events;

import java.util.Objects;

/**
 * Names one seal of one agent incarnation on one inode: seal ids are unique per incarnation and
 * inode, so within an agent this pair is the seal's identity. Printed {@code fs:ino:gen/seal}.
 */
public record SealRef(Inode inode, String seal) {

    public SealRef {
        Objects.requireNonNull(inode, "inode");
        Objects.requireNonNull(seal, "seal");
    }

    @Override
    public String toString() {
        return inode.key() + "/" + seal;
    }
}
