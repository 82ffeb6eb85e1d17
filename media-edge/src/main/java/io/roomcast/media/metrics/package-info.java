/** The edge's Micrometer meters (exported on {@code /prometheus}): drops by reason, forwarding, bindings, RTCP reports, facts. */
package io.roomcast.media.metrics;
