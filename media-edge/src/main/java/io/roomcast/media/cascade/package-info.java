/**
 * Cascading decisions of a relay edge, without any transport: which rooms need an uplink to their
 * origin edge ({@link io.roomcast.media.cascade.UplinkPlan}). The packets that come over an uplink are
 * judged by {@link io.roomcast.media.session.RelayGate}. Pure: no Netty, Kafka, Lettuce or socket class.
 */
package io.roomcast.media.cascade;
