package io.roomcast.servers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Running a server that refuses root (PostgreSQL, Elasticsearch) from a JVM that may be root (CI runs as
 * root). As anyone else, nothing changes. As root, preferably in a user namespace
 * ({@code unshare --user --map-user=U --map-group=G}, user_namespaces(7)): the server sees itself as
 * user {@code postgres} (or {@code nobody}, else uid 65534) while the kernel still checks its file access
 * as root's, so its folders may sit under private (0700) parents, such as a clone in {@code mktemp -d},
 * and stay owned by root. Where user namespaces are refused (util-linux before 2.38, a seccomp profile),
 * the server's folders are chowned to that user and the command is prefixed with
 * {@code setpriv --reuid --regid --clear-groups --}; every parent must then be searchable by others.
 */
final class Unprivileged {

    private Unprivileged() {
    }

    /**
     * The prefix to run a command as the unprivileged user, after handing it the writable folders.
     *
     * @param server   server name for messages
     * @param writable folders the server writes (as root: chowned recursively to root in a user namespace,
     *                 where an earlier run may have handed them to the unprivileged user, else to that user)
     * @param readable folders it only reads
     * @return empty when not root, else the unshare (or setpriv) prefix
     * @throws ServerStartException without user namespaces, if a folder's parent is not searchable by others
     *                              (e.g. a 0700 home); or if chown fails; the message names the folder and reason
     */
    static List<String> prefix(String server, List<Path> writable, List<Path> readable) {
        if (!isRoot()) {
            return List.of();
        }
        String[] ids = ids();
        if (UserNamespaces.AVAILABLE) {
            for (Path folder : writable) {
                output(server, List.of("chown", "-R", "0:0", folder.toString()));
            }
            return command(ids);
        }
        List<Path> all = new ArrayList<>(writable);
        all.addAll(readable);
        for (Path folder : all) {
            requireSearchableParents(server, folder.toAbsolutePath(), ids[0]);
        }
        for (Path folder : writable) {
            output(server, List.of("chown", "-R", ids[0] + ":" + ids[1], folder.toString()));
        }
        return List.of("setpriv", "--reuid=" + ids[0], "--regid=" + ids[1], "--clear-groups", "--");
    }

    /** Whether this machine lets root run a command in a user namespace: asked once, by running {@code true}. */
    private static final class UserNamespaces {
        static final boolean AVAILABLE = probe();

        private static boolean probe() {
            try {
                output("unshare", command(ids(), "true"));
                return true;
            } catch (ServerStartException e) {
                return false;
            }
        }
    }

    private static List<String> command(String[] ids, String... then) {
        List<String> command = new ArrayList<>(List.of("unshare", "--user", "--map-user=" + ids[0], "--map-group=" + ids[1], "--"));
        command.addAll(List.of(then));
        return command;
    }

    /** @return whether this JVM runs as uid 0 */
    static boolean isRoot() {
        try {
            return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).intValue() == 0;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    /** As root, the unprivileged user must be able to reach the folder: every parent needs o+x. */
    private static void requireSearchableParents(String server, Path folder, String uid) {
        for (Path p = folder.getParent(); p != null; p = p.getParent()) {
            try {
                Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p);
                if (!perms.contains(PosixFilePermission.OTHERS_EXECUTE)) {
                    throw new ServerStartException(server + ": cannot run as uid " + uid + " (it refuses root) in "
                            + folder + ": folder " + p + " is not searchable by others (mode "
                            + PosixFilePermissions.toString(perms) + "); choose a folder outside it");
                }
            } catch (IOException e) {
                throw new ServerStartException(server + ": cannot read the mode of " + p + ": " + e.getMessage(), e);
            }
        }
    }

    /** @return {uid, gid} of user postgres, else of nobody, else 65534 */
    private static String[] ids() {
        for (String user : List.of("postgres", "nobody")) {
            try {
                String uid = output("id", List.of("id", "-u", user));
                String gid = output("id", List.of("id", "-g", user));
                if (!uid.isEmpty() && !gid.isEmpty()) {
                    return new String[] {uid, gid};
                }
            } catch (ServerStartException e) {
                // try the next user
            }
        }
        return new String[] {"65534", "65534"};
    }

    /**
     * Runs a short command and returns its trimmed output.
     *
     * @throws ServerStartException naming the server if it cannot run or exits non-zero
     */
    static String output(String server, List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes()).trim();
            if (process.waitFor() != 0) {
                throw new ServerStartException(server + ": " + String.join(" ", command) + " failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new ServerStartException(server + ": cannot run " + command.getFirst() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServerStartException(server + ": interrupted running " + command.getFirst(), e);
        }
    }
}
