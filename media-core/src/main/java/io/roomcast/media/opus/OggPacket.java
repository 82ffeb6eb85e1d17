package io.roomcast.media.opus;

/**
 * One packet of an Ogg logical bitstream (RFC 3533 section 5), reassembled from its lacing segments,
 * possibly across pages.
 *
 * @param data the packet's bytes
 * @param pageGranule granule position of the page on which the packet ends; -1 when no packet ends
 *     on that page (RFC 3533 section 6)
 * @param lastOnPage whether it is the last packet ending on that page, i.e. the packet the page's
 *     granule position refers to
 * @param pageSequence sequence number of the page on which it ends
 */
public record OggPacket(byte[] data, long pageGranule, boolean lastOnPage, long pageSequence) {
}
