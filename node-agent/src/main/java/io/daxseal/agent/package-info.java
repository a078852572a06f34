/**
 * The daxseal node agent: the library an RDMA file server embeds and the daemon beside it. It
 * registers incarnations, heartbeats, publishes seal requests and releases, answers recalls, and
 * revokes its own seals when it cannot renew its lease (S5). Delivered by the issue "The live
 * system on Kafka"; the module exists now so the build's shape is final.
 */
package io.daxseal.agent;
