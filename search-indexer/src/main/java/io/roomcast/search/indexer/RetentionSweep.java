package io.roomcast.search.indexer;

import io.roomcast.search.SearchIndex;
import io.roomcast.search.SearchQueries;
import io.roomcast.search.elasticsearch.SearchCluster;
import java.util.List;
import java.util.Map;

/**
 * Deletes ended rooms' documents older than the retention setting ({@code roomcast.search.ended-retention}): a
 * search for them, then a delete of each that is still the version the search saw (if_seq_no / if_primary_term),
 * in pages of 500. (The minimal distribution has no delete-by-query, STACK.md.)
 */
final class RetentionSweep {
    private static final int PAGE = 500;

    private RetentionSweep() {}

    /**
     * @param nowMs the time, epoch ms
     * @return documents deleted
     * @throws SearchCluster.ClusterUnavailableException if Elasticsearch fails (the next sweep tries again)
     */
    @SuppressWarnings("unchecked")
    static int sweep(SearchCluster cluster, long retentionMs, long nowMs) {
        int deleted = 0;
        while (true) {
            Map<String, Object> response = cluster.search(SearchIndex.ROOMS.alias(),
                    SearchQueries.endedBefore(nowMs - retentionMs, PAGE));
            List<Map<String, Object>> hits = (List<Map<String, Object>>) ((Map<String, Object>) response.get("hits")).get("hits");
            int before = deleted;
            for (Map<String, Object> hit : hits) {
                if (cluster.deleteIfUnchanged((String) hit.get("_index"), (String) hit.get("_id"),
                        ((Number) hit.get("_seq_no")).longValue(), ((Number) hit.get("_primary_term")).longValue())) {
                    deleted++;
                }
            }
            if (hits.size() < PAGE || deleted == before) {
                return deleted;
            }
            cluster.refresh(SearchIndex.ROOMS.alias());
        }
    }
}
