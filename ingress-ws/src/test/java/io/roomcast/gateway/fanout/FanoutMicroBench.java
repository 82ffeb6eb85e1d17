package io.roomcast.gateway.fanout;

import java.util.ArrayList;
import java.util.List;

/**
 * Not a test: a quick, rerunnable measure of the fan-out core alone (no sockets). Fans one fact out
 * to 8,000 sessions of one room, N times, and prints ns per fact per session. Each outbox is drained
 * after every fact, as a writer keeping up would.
 *
 * <p>Run (after {@code ./mvnw -q -pl ingress-ws -am test-compile}):
 * <pre>
 * java -cp ingress-ws/target/classes:ingress-ws/target/test-classes \
 *   io.roomcast.gateway.fanout.FanoutMicroBench [sessions=8000] [facts=2000]
 * </pre>
 */
public final class FanoutMicroBench {
    private FanoutMicroBench() {}

    public static void main(String[] args) {
        int sessions = args.length > 0 ? Integer.parseInt(args[0]) : 8_000;
        int facts = args.length > 1 ? Integer.parseInt(args[1]) : 2_000;
        Fanout fanout = new Fanout(Fanout.Settings.DEFAULT, System::currentTimeMillis, FanoutMetrics.NONE,
            KeyInterestListener.NONE);
        List<SessionOutbox> outboxes = new ArrayList<>(sessions);
        for (int i = 0; i < sessions; i++) {
            SessionOutbox out = new SessionOutbox("s-" + i, "user-s-" + i, SessionOutbox.Limits.DEFAULT, SessionOutbox.NO_LISTENER);
            fanout.beginJoin(out, "room");
            fanout.join(out, "room", 0);
            outboxes.add(out);
        }
        Frame frame = Frame.text("{\"op\":\"DISPATCH\",\"t\":\"participant_joined\",\"room\":\"room\",\"s\":0,"
            + "\"d\":{\"userId\":\"u-123\",\"role\":\"LISTENER\"}}");
        long offset = 0;
        for (int round = 0; round < 3; round++) {
            long fanoutNs = 0;
            long drainNs = 0;
            for (int i = 0; i < facts; i++) {
                offset++;
                long t0 = System.nanoTime();
                fanout.deliver("room", Fact.broadcast(0, offset, offset, frame));
                long t1 = System.nanoTime();
                for (SessionOutbox out : outboxes) {
                    out.poll();
                }
                drainNs += System.nanoTime() - t1;
                fanoutNs += t1 - t0;
            }
            String label = round < 2 ? "warm-up " + (round + 1) : "measured";
            System.out.printf("%-10s %,d sessions x %,d facts: deliver %.1f ns/fact/session (%.2f ms/fact), "
                    + "writer poll %.1f ns/frame%n", label, sessions, facts,
                (double) fanoutNs / facts / sessions, fanoutNs / 1e6 / facts, (double) drainNs / facts / sessions);
        }
    }
}
