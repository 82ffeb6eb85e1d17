/** Micronaut wiring of the media edge: settings, the beans, their start order and shutdown, health. */
package io.roomcast.media.service;
