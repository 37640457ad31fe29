package org.deploypolicy.reference;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;

/**
 * A valid request's JSON bytes and where its strings and approvals lie in them, so that a mutation can change
 * exactly one field's bytes and know the field's path. Found with Jackson's streaming parser, which gives each
 * token's byte offset; the test's own reading of the layout, not the library's.
 */
final class RequestBytes {
    /** What a string of a request is, by docs/contract.md's reading rules. */
    enum Role {
        /** A text that names something ({@code id}, {@code approvals[].by}, a label, a check name, ...): never blank. */
        NAME,
        /** An enum value ({@code kind}, {@code change.severity}, a check's status): spelt exactly, so never blank. */
        ENUM,
        /** A text that may be blank ({@code change.summary}, {@code approvals[].reference}, ...). */
        OPTIONAL_TEXT,
        /** A time. */
        TIME
    }

    /**
     * A string token: its path (a check name's path is {@code $.checks}, where the contract's errors name it), what
     * it is, and its bytes from the opening quote to just after the closing one.
     */
    record Site(String path, Role role, int start, int end) {
    }

    /** An approval: its index, the offset of its opening brace, and its {@code reference}, or null when it has none. */
    record ApprovalSite(int index, int brace, Site reference, boolean verbal) {
    }

    private static final JsonFactory JSON = new JsonFactory();
    private static final Pattern NAMES = Pattern.compile("\\$\\.(id|source|target|requester\\.id|requester\\.roles\\[\\d+]"
            + "|change\\.(author|headCommit|branchedFrom|labels\\[\\d+])|approvals\\[\\d+]\\.(by|role|commit)"
            + "|waivers\\[\\d+]\\.(rule|by|reason))");
    private static final Pattern ENUMS = Pattern.compile("\\$\\.(kind|change\\.(type|severity)"
            + "|approvals\\[\\d+]\\.(verdict|channel)|checks\\..*|incident\\.type)");
    private static final Pattern OPTIONAL_TEXTS = Pattern.compile("\\$\\.(change\\.summary|approvals\\[\\d+]\\.reference"
            + "|waivers\\[\\d+]\\.subject|incident\\.summary)");
    private static final Pattern TIMES = Pattern.compile("\\$\\.(at|approvals\\[\\d+]\\.at)");

    private final byte[] bytes;
    private final List<Site> strings = new ArrayList<>();
    private final List<ApprovalSite> approvals = new ArrayList<>();
    private int lastBrace = -1;

    RequestBytes(byte[] bytes) {
        this.bytes = bytes.clone();
        try (JsonParser parser = JSON.createParser(bytes)) {
            List<Integer> braces = new ArrayList<>();
            List<Site> references = new ArrayList<>();
            List<Boolean> verbal = new ArrayList<>();
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                int offset = (int) parser.currentTokenLocation().getByteOffset();
                JsonStreamContext context = parser.getParsingContext();
                if (token == JsonToken.FIELD_NAME && "$.checks".equals(containerPath(context))) {
                    strings.add(new Site("$.checks", Role.NAME, offset, endOfString(offset)));
                } else if (token == JsonToken.VALUE_STRING) {
                    String path = elementPath(context);
                    Site site = new Site(path, role(path), offset, endOfString(offset));
                    strings.add(site);
                    if (path.matches("\\$\\.approvals\\[\\d+]\\.reference")) {
                        references.add(site);
                    }
                    if (path.matches("\\$\\.approvals\\[\\d+]\\.channel") && parser.getText().equals("VERBAL")) {
                        verbal.set(verbal.size() - 1, true);
                    }
                } else if (token == JsonToken.START_OBJECT && "$.approvals".equals(containerPath(context.getParent()))) {
                    braces.add(offset);
                    verbal.add(false);
                } else if (token == JsonToken.END_OBJECT && context.inRoot()) {
                    lastBrace = offset;
                }
            }
            for (int i = 0; i < braces.size(); i++) {
                String path = "$.approvals[" + i + "].reference";
                Site reference = references.stream().filter(r -> r.path().equals(path)).findFirst().orElse(null);
                approvals.add(new ApprovalSite(i, braces.get(i), reference, verbal.get(i)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (lastBrace < 0 || bytes[lastBrace] != '}') {
            throw new IllegalArgumentException("not a JSON object");
        }
    }

    private static Role role(String path) {
        if (NAMES.matcher(path).matches()) {
            return Role.NAME;
        }
        if (ENUMS.matcher(path).matches()) {
            return Role.ENUM;
        }
        if (OPTIONAL_TEXTS.matcher(path).matches()) {
            return Role.OPTIONAL_TEXT;
        }
        if (TIMES.matcher(path).matches()) {
            return Role.TIME;
        }
        throw new IllegalArgumentException("a string the contract does not have at " + path);
    }

    /** The path of the value a context is in: {@code $} at the root. */
    private static String containerPath(JsonStreamContext context) {
        return context == null || context.inRoot() ? "$" : elementPath(context.getParent());
    }

    /** The path of the current element of a context: a field of an object, an item of a list. */
    private static String elementPath(JsonStreamContext context) {
        if (context.inRoot()) {
            return "$";
        }
        String container = containerPath(context);
        return context.inArray() ? container + "[" + context.getCurrentIndex() + "]"
                : container + "." + context.getCurrentName();
    }

    /** The offset just after the closing quote of the string whose opening quote is at {@code start}. */
    private int endOfString(int start) {
        if (bytes[start] != '"') {
            throw new IllegalStateException("no string at byte " + start);
        }
        int i = start + 1;
        while (bytes[i] != '"') {
            i += bytes[i] == '\\' ? 2 : 1;
        }
        return i + 1;
    }

    byte[] bytes() {
        return bytes.clone();
    }

    int length() {
        return bytes.length;
    }

    /** Every string token, in order. */
    List<Site> strings() {
        return strings;
    }

    /** The strings of one role, in order. */
    List<Site> strings(Role role) {
        return strings.stream().filter(s -> s.role() == role).toList();
    }

    List<ApprovalSite> approvals() {
        return approvals;
    }

    /** The offset of the closing brace of the request. */
    int lastBrace() {
        return lastBrace;
    }

    /** The offset {@code at} moved out of any string: to the opening quote of the string it falls inside. */
    int outsideStrings(int at) {
        for (Site s : strings) {
            if (at > s.start() && at < s.end()) {
                return s.start();
            }
        }
        return at;
    }

    /** The text of a string token, quotes and escapes as written. */
    String text(Site site) {
        return new String(bytes, site.start() + 1, site.end() - site.start() - 2, StandardCharsets.UTF_8);
    }

    /** These bytes with {@code length} bytes at {@code at} replaced by {@code inserted}. */
    byte[] splice(int at, int length, byte[] inserted) {
        return splice(bytes, at, length, inserted);
    }

    /** {@code bytes} with {@code length} bytes at {@code at} replaced by {@code inserted}. */
    static byte[] splice(byte[] bytes, int at, int length, byte[] inserted) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length + inserted.length);
        out.write(bytes, 0, at);
        out.writeBytes(inserted);
        out.write(bytes, at + length, bytes.length - at - length);
        return out.toByteArray();
    }
}
