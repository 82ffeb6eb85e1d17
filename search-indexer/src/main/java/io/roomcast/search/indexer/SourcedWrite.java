package io.roomcast.search.indexer;

import io.roomcast.search.IndexWrite;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A write and the record it came from (for the dead-letter topic if Elasticsearch refuses it).
 *
 * @param write  the write
 * @param record the source record (key and value bytes as read)
 */
record SourcedWrite(IndexWrite write, ConsumerRecord<String, byte[]> record) {}
