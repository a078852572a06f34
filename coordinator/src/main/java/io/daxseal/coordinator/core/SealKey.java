package io.daxseal.coordinator.core;

import io.daxseal.events.Inode;

/** A seal id within one incarnation: seal ids are unique per incarnation and inode. */
record SealKey(Inode inode, String seal) {
}
