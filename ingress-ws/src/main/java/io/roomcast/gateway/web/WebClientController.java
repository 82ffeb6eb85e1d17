package io.roomcast.gateway.web;

import io.micronaut.core.io.ResourceResolver;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.server.types.files.StreamedFile;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.swagger.v3.oas.annotations.Hidden;
import java.net.URL;
import java.util.Optional;

/**
 * The web client's page ({@code classpath:public/index.html}) at {@code /} and at each route the client handles itself
 * ({@code /room/{id}}, {@code /user/{id}}, {@code /club/{id}}, {@code /new}, {@code /find}, {@code /inbox}: the routes of
 * web/src/App.tsx, none a REST route), so a reload or a shared link opens the app there. Answers 404 when the gateway was built
 * without the web client. {@code Cache-Control: no-cache}: the page names the hashed assets of the current build.
 * Not part of the REST API (hidden from docs/openapi.yml).
 */
@Hidden
@Controller
@Secured(SecurityRule.IS_ANONYMOUS)
public final class WebClientController {
    /** Where the web module's jar puts the page. */
    static final String PAGE = "classpath:public/index.html";

    private final ResourceResolver resources;

    WebClientController(ResourceResolver resources) {
        this.resources = resources;
    }

    /** The page; {@code id} (a room or user id) is read by the client from the URL. */
    @Get(uris = {"/", "/room/{id}", "/user/{id}", "/club/{id}", "/new", "/find", "/inbox"}, produces = MediaType.TEXT_HTML)
    HttpResponse<StreamedFile> page(Optional<String> id) {
        Optional<URL> page = resources.getResource(PAGE);
        if (page.isEmpty()) {
            return HttpResponse.notFound();
        }
        return HttpResponse.ok(new StreamedFile(page.get()))
            .contentType(MediaType.TEXT_HTML_TYPE)
            .header(HttpHeaders.CACHE_CONTROL, "no-cache");
    }
}
