/**
 * RTCP (RFC 3550 section 6): an allocation-free reader of compound packets (SR, RR, BYE read field by
 * field; SDES, APP and feedback packets stepped over) and a writer of what a receive-only participant
 * sends (RR, SDES CNAME, BYE). Pure: no Netty, Kafka or Micronaut class.
 */
package io.roomcast.media.rtcp;
