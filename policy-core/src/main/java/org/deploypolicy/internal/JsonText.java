package org.deploypolicy.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The text rules every JSON document we read follows: UTF-8 only (a malformed byte is an error naming its offset,
 * never a U+FFFD in its place), a leading byte-order mark skipped, and a reader's failure told in the document's
 * terms, by line and column, never with a class or option name of the JSON library. Requests hold one value;
 * files saved from GitHub's API may hold several one after the other (pages).
 */
final class JsonText {
    /** Bytes that are not the document the reader was asked for, with what to print and where. */
    static final class Unreadable extends RuntimeException {
        private final String path;

        Unreadable(String message) {
            this("$", message);
        }

        Unreadable(String path, String message) {
            super(message, null, false, false);
            this.path = path;
        }

        /** The field the reader was in ({@code $.approvals[1].by} for a duplicate key there), or {@code $}. */
        String path() {
            return path;
        }
    }

    private static final String ENDS_EARLY = "the JSON ends early";
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private JsonText() {
    }

    /**
     * Decodes UTF-8 text strictly, skipping a leading byte-order mark.
     *
     * @throws Unreadable naming the byte offset of the first byte that is not well-formed UTF-8
     */
    static String decode(byte[] bytes) {
        int start = startsWith(bytes, BOM) ? BOM.length : 0;
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, start, bytes.length - start);
        CharBuffer out = CharBuffer.allocate(bytes.length - start);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            int offset = in.position();
            if (offset + result.length() == bytes.length && (bytes[offset] & 0xFF) >= 0xC2 && (bytes[offset] & 0xFF) <= 0xF4) {
                throw new Unreadable("not UTF-8 text: the text ends in the middle of a character, at byte offset %d"
                        .formatted(offset));
            }
            throw new Unreadable("not UTF-8 text: byte 0x%02X at byte offset %d does not start or continue a character"
                    .formatted(bytes[offset] & 0xFF, offset));
        }
        decoder.flush(out);
        return out.flip().toString();
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        if (bytes.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (bytes[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Reads exactly one JSON value from text.
     *
     * @param what what the value is, for messages ("the request")
     * @throws Unreadable for empty text, JSON that cannot be read, or anything but white space after the value
     */
    static JsonNode one(ObjectMapper mapper, String text, String what) {
        try (JsonParser parser = mapper.createParser(text)) {
            try {
                if (parser.nextToken() == null) {
                    throw new Unreadable("empty: " + what + " must be a JSON object");
                }
                JsonNode value = mapper.readTree(parser);
                int after = afterWhiteSpace(text, (int) parser.currentLocation().getCharOffset());
                if (after < text.length()) {
                    throw new Unreadable("unexpected data after " + what + " at " + where(text, after));
                }
                return value;
            } catch (StreamConstraintsException e) {
                throw new Unreadable(describe(e, parser.currentLocation()));
            } catch (JsonProcessingException e) {
                JsonLocation at = e.getLocation() != null ? e.getLocation() : parser.currentLocation();
                String message = describe(e, at);
                // the end of the text is nobody's field: a truncated request is blamed on its end
                throw new Unreadable(message.startsWith(ENDS_EARLY) ? "$" : path(parser.getParsingContext(), e), message);
            }
        } catch (IOException e) {
            throw new IllegalStateException("reading a string cannot fail", e);
        }
    }

    /**
     * The field a reading failure is in. While a key is read, the parser still holds the key before it: a key that
     * cannot be read (a check name holding a tab that is not escaped) is blamed on the object it is in, not on the
     * field before it.
     */
    private static String path(JsonStreamContext context, JsonProcessingException e) {
        String original = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        boolean inKey = context.inObject() && original.endsWith("to be included in name");
        return StrictReader.path(inKey ? context.getParent() : context, "$");
    }

    private static int afterWhiteSpace(String text, int from) {
        int i = from;
        while (i < text.length() && (text.charAt(i) == ' ' || text.charAt(i) == '\t' || text.charAt(i) == '\n'
                || text.charAt(i) == '\r')) {
            i++;
        }
        return i;
    }

    /** The line and column (both from 1) of a character of a text. */
    private static String where(String text, int index) {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < index; i++) {
            if (text.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return "line " + line + ", column " + (index - lineStart + 1);
    }

    private static final ObjectMapper VALUES = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    /**
     * Reads every JSON value in UTF-8 bytes, one after the other (what {@code gh api --paginate} prints), each bound
     * to {@code type} ({@code JsonNode}, {@code Map}, a record...). Duplicate keys are errors. Empty bytes hold none.
     *
     * @throws Unreadable for bytes that are not UTF-8 or not JSON, or a value that is not a {@code type}
     */
    static <T> List<T> values(byte[] bytes, Class<T> type) {
        String text = decode(bytes);
        List<T> values = new ArrayList<>();
        try (JsonParser parser = VALUES.createParser(text)) {
            try {
                while (parser.nextToken() != null) {
                    values.add(VALUES.readValue(parser, type));
                }
                return values;
            } catch (JsonProcessingException e) {
                throw new Unreadable(describe(e, e.getLocation() != null ? e.getLocation() : parser.currentLocation()));
            }
        } catch (IOException e) {
            throw new IllegalStateException("reading a string cannot fail", e);
        }
    }

    private static final Pattern QUOTED = Pattern.compile("'([^']*)'");
    private static final Pattern LIMIT = Pattern.compile("maximum allowed \\((\\d+)");
    private static final Pattern DUPLICATE = Pattern.compile("Duplicate (?:field|Object property) ['\"]([^'\"]*)['\"]");
    private static final Pattern CHARACTER = Pattern.compile("\\(CTRL-CHAR, code (\\d+)\\)|\\('.' \\(code (\\d+)\\)|marker '(.)'");

    /** What went wrong reading JSON text, in the document's terms: what was found, at which line and column. */
    static String describe(JsonProcessingException e) {
        return describe(e, e.getLocation());
    }

    private static String describe(JsonProcessingException e, JsonLocation location) {
        return what(e) + " at " + where(location);
    }

    /**
     * What went wrong reading JSON text, without where (for messages that give the position apart): never a class or
     * option name of the reader.
     */
    static String what(JsonProcessingException e) {
        String original = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        if (e instanceof JsonEOFException || original.startsWith("Unexpected end-of-input")) {
            return ENDS_EARLY;
        }
        if (e instanceof StreamConstraintsException) {
            Matcher limit = LIMIT.matcher(original);
            return original.contains("depth")
                    ? "nested too deeply (more than " + (limit.find() ? limit.group(1) : "the allowed") + " levels)"
                    : "a value too long to read";
        }
        Matcher duplicate = DUPLICATE.matcher(original);
        if (duplicate.find()) {
            return "the key \"" + duplicate.group(1) + "\" appears twice in one object";
        }
        if (original.startsWith("Illegal unquoted character") || original.startsWith("Illegal character")) {
            return "a control character must be escaped in a string";
        }
        if (original.startsWith("Unrecognized token") || original.startsWith("Non-standard token")) {
            Matcher word = QUOTED.matcher(original);
            return word.find() ? "\"" + word.group(1) + "\" is not a JSON value" : "not a JSON value";
        }
        if (original.contains("numeric value") || original.contains("Numeric value")) {
            return "not a JSON number";
        }
        if (original.contains("escape")) {
            return "an invalid escape sequence in a string";
        }
        if (original.startsWith("Unexpected character") || original.startsWith("Unexpected close marker")) {
            return "unexpected " + character(original) + expected(original);
        }
        return "not valid JSON";
    }

    private static String character(String message) {
        Matcher c = CHARACTER.matcher(message);
        if (!c.find()) {
            return "character";
        }
        int code = c.group(3) != null ? c.group(3).codePointAt(0) : Integer.parseInt(c.group(1) != null ? c.group(1) : c.group(2));
        if (code < 0x20 || code == 0x7F) {
            return String.format("control character U+%04X", code);
        }
        String character = new String(Character.toChars(code));
        return code == '"' ? "'\"'" : "\"" + character + "\"";
    }

    private static String expected(String message) {
        if (message.contains("colon")) {
            return " where a ':' should follow the key";
        }
        if (message.contains("double-quote to start field name")) {
            return " where a key in double quotes should be";
        }
        if (message.contains("comma")) {
            return " where a ',' or the end of the list or object should be";
        }
        if (message.contains("valid value")) {
            return " where a value should be";
        }
        return "";
    }

    private static String where(JsonLocation location) {
        if (location == null) {
            return "an unknown position";
        }
        return "line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    /**
     * Whether a text is blank: empty, or only white space (Unicode's {@code White_Space}, which includes U+00A0 and
     * U+202F, where {@link String#isBlank()} sees neither), control and format characters (U+200B, U+FEFF).
     */
    static boolean isBlank(CharSequence text) {
        for (int i = 0; i < text.length(); ) {
            int c = Character.codePointAt(text, i);
            if (!isWhiteSpace(c) && Character.getType(c) != Character.CONTROL && Character.getType(c) != Character.FORMAT) {
                return false;
            }
            i += Character.charCount(c);
        }
        return true;
    }

    /** Unicode's {@code White_Space} property (PropList.txt). */
    private static boolean isWhiteSpace(int c) {
        return c >= 0x09 && c <= 0x0D || c == 0x20 || c == 0x85 || c == 0xA0 || c == 0x1680
                || c >= 0x2000 && c <= 0x200A || c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000;
    }
}
