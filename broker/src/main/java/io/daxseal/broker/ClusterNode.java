package io.daxseal.broker;

import java.util.Objects;
import java.util.regex.Pattern;
import org.apache.kafka.common.Uuid;

/**
 * One node of a multi-node KRaft cluster, as {@code daxseal broker} runs it in a container: every
 * node is a broker and a controller.
 *
 * @param nodeId this node's id, one of the voters'
 * @param clusterId the cluster's id, the same on every node (a Kafka {@code Uuid}, 22 characters)
 * @param voters the controller quorum, {@code id@host:port,...}, the same on every node
 * @param listenHost the address it listens on ({@code 0.0.0.0} in a container)
 * @param brokerPort the clients' port
 * @param controllerPort the controllers' port (the one the voters name)
 * @param advertisedHost the name clients and the other nodes reach it by
 */
public record ClusterNode(int nodeId, String clusterId, String voters, String listenHost, int brokerPort,
                          int controllerPort, String advertisedHost) {

    private static final Pattern VOTER = Pattern.compile("([1-9][0-9]*)@[A-Za-z0-9.-]+:([0-9]{1,5})");

    /** @throws IllegalArgumentException with what is wrong and what is expected */
    public ClusterNode {
        Objects.requireNonNull(clusterId, "clusterId");
        Objects.requireNonNull(voters, "voters");
        Objects.requireNonNull(listenHost, "listenHost");
        Objects.requireNonNull(advertisedHost, "advertisedHost");
        if (nodeId < 1) {
            throw new IllegalArgumentException("the node id must be at least 1, not " + nodeId);
        }
        try {
            if (Uuid.fromString(clusterId).equals(Uuid.ZERO_UUID)) {
                throw new IllegalArgumentException("zero");
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("cluster id '" + clusterId + "' is not a Kafka cluster id (22 characters "
                    + "of URL-safe base64, e.g. from `kafka-storage random-uuid`; the same on every node)");
        }
        for (int port : new int[] {brokerPort, controllerPort}) {
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port " + port + " is not between 1 and 65535");
            }
        }
        boolean mine = false;
        for (String voter : voters.split(",", -1)) {
            var m = VOTER.matcher(voter.strip());
            if (!m.matches()) {
                throw new IllegalArgumentException("voter '" + voter + "' is not id@host:port (voters: '" + voters + "')");
            }
            mine |= Integer.parseInt(m.group(1)) == nodeId;
        }
        if (!mine) {
            throw new IllegalArgumentException("node id " + nodeId + " is not among the voters '" + voters
                    + "': every node of the cluster is a controller");
        }
    }

    /** How many controllers the quorum has. */
    public int voterCount() {
        return voters.split(",").length;
    }
}
