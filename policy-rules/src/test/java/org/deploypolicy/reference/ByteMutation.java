package org.deploypolicy.reference;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

import org.deploypolicy.reference.RequestBytes.ApprovalSite;
import org.deploypolicy.reference.RequestBytes.Role;
import org.deploypolicy.reference.RequestBytes.Site;

/**
 * One change to the bytes of a valid request, of the kinds docs/contract.md's "Reading rules" speak of (UTF-8, the
 * byte-order mark, data after the value, the spelling of times, blank texts), and what reading the changed bytes
 * must give. A mutation holds only small numbers and names, so that jqwik shrinks it and prints it readably; where
 * it lands is {@code at}, an index into the places it may land, modulo their number.
 */
sealed interface ByteMutation {
    /** Every kind of mutation, for statistics. */
    List<String> KINDS = List.of("malformed UTF-8", "BOM before the request", "BOM elsewhere", "white space after",
            "data after", "time respelt as allowed", "time respelt as forbidden", "blank name", "blank optional text",
            "blank reference");

    /** The changed bytes of a valid request, and what they must give. */
    Mutant apply(RequestBytes request);

    /** What reading changed bytes must give when the contract allows them. */
    enum Expect {
        /** The contract refuses them, whatever the request. */
        REFUSED,
        /** A decision equal to the unchanged request's. */
        SAME_DECISION,
        /** A decision no more permissive than the unchanged request's (APPROVED, then PENDING, then REJECTED). */
        NO_MORE_PERMISSIVE,
        /** The decision on the request with this approval's {@code reference} left out, and no more permissive. */
        AS_WITHOUT_REFERENCE
    }

    /**
     * Changed bytes and what they must give.
     *
     * @param kind      what kind of change, for statistics
     * @param what      the change in words, for failure messages
     * @param bytes     the changed bytes
     * @param expect    what a decision must be when the contract allows the bytes; {@link Expect#REFUSED} when it
     *                  cannot
     * @param path      when refused, the path a problem must name; null when any path starting with {@code $} will do
     * @param message   when refused, what the message of the problem at {@code path} must match; null for any
     * @param approval  the approval a blank reference was given to ({@link Expect#AS_WITHOUT_REFERENCE}), else -1
     */
    record Mutant(String kind, String what, byte[] bytes, Expect expect, String path, Pattern message, int approval) {
        Mutant(String kind, String what, byte[] bytes, Expect expect, String path, Pattern message) {
            this(kind, what, bytes, expect, path, message, -1);
        }
    }

    private static <T> T pick(List<T> candidates, int at) {
        return candidates.isEmpty() ? null : candidates.get(Math.floorMod(at, candidates.size()));
    }

    private static String hex(byte[] bytes) {
        return HexFormat.ofDelimiter(" ").withUpperCase().formatHex(bytes);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Bytes that are not well-formed UTF-8, inserted at any offset or put in place of the bytes there, maybe after a
     * byte-order mark: never read as U+FFFD, always an error at {@code $} naming the offset of the first bad byte
     * (counted from the first byte sent, the mark included, and found with the Unicode standard's table of
     * well-formed sequences, {@link WireContract#malformedAt}).
     */
    record Malformed(Sequence sequence, boolean replace, boolean afterByteOrderMark, int at) implements ByteMutation {
        enum Sequence {
            STRAY_FF("FF"), STRAY_FE("FE"), LONE_CONTINUATION("80"), LAST_CONTINUATION("BF"), LEAD_C1("C1 81"),
            OVERLONG_NUL("C0 80"), OVERLONG_QUOTE("C0 A2"), OVERLONG_SOLIDUS_3("E0 80 AF"), OVERLONG_NUL_3("E0 80 80"),
            OVERLONG_4("F0 80 80 80"), HIGH_SURROGATE("ED A0 80"), LOW_SURROGATE("ED B0 80"),
            SURROGATE_PAIR("ED A0 BD ED B8 80"), CUT_SHORT_2("C3"), CUT_SHORT_3("E2 82"), CUT_SHORT_4("F0 9F 98"),
            PAST_U10FFFF("F4 90 80 80"), LEAD_F5("F5 80 80 80"), FIVE_BYTES("F8 88 80 80 80");

            final byte[] bytes;

            Sequence(String hex) {
                this.bytes = HexFormat.ofDelimiter(" ").parseHex(hex);
            }
        }

        @Override
        public Mutant apply(RequestBytes request) {
            byte[] valid = afterByteOrderMark ? concat(ByteOrderMark.MARK, request.bytes()) : request.bytes();
            int offset = Math.floorMod(at, valid.length + (replace ? 0 : 1));
            byte[] bytes = replace ? RequestBytes.splice(valid, offset,
                    Math.min(sequence.bytes.length, valid.length - offset), sequence.bytes) : null;
            // in place of a character's bytes, a cut-short sequence may make another character: insert it instead
            boolean replaced = bytes != null && WireContract.malformedAt(bytes) >= 0;
            if (!replaced) {
                bytes = RequestBytes.splice(valid, offset, 0, sequence.bytes);
            }
            String what = hex(sequence.bytes) + (replaced ? " in place of the bytes at offset " : " inserted at offset ")
                    + offset + (afterByteOrderMark ? " of the request after a byte-order mark" : "");
            return new Mutant("malformed UTF-8", what, bytes, Expect.REFUSED, "$",
                    Pattern.compile(".*\\bbyte offset " + WireContract.malformedAt(bytes) + "\\b.*"));
        }
    }

    /** A byte-order mark: skipped before the request, an error anywhere else. */
    record ByteOrderMark(Where where, int at) implements ByteMutation {
        enum Where { BEFORE, BEFORE_WHITE_SPACE, TWICE_BEFORE, BETWEEN_TOKENS }

        private static final byte[] MARK = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

        @Override
        public Mutant apply(RequestBytes request) {
            return switch (where) {
                case BEFORE -> new Mutant("BOM before the request", "a byte-order mark before the request",
                        request.splice(0, 0, MARK), Expect.SAME_DECISION, null, null);
                case BEFORE_WHITE_SPACE -> new Mutant("BOM before the request",
                        "a byte-order mark and white space before the request",
                        request.splice(0, 0, concat(MARK, utf8(" \r\n\t"))), Expect.SAME_DECISION, null, null);
                case TWICE_BEFORE -> new Mutant("BOM elsewhere", "two byte-order marks before the request",
                        request.splice(0, 0, concat(MARK, MARK)), Expect.REFUSED, "$", null);
                case BETWEEN_TOKENS -> {
                    int offset = request.outsideStrings(1 + Math.floorMod(at, request.lastBrace()));
                    yield new Mutant("BOM elsewhere", "a byte-order mark at offset " + offset,
                            request.splice(offset, 0, MARK), Expect.REFUSED, null, null);
                }
            };
        }
    }

    /**
     * White space and then, maybe, something else after the request: white space changes nothing, anything else is
     * an error at {@code $} naming the line and column where it starts.
     */
    record After(List<Space> spaces, Data data) implements ByteMutation {
        enum Space {
            SPACE(" "), TAB("\t"), LINE_FEED("\n"), CARRIAGE_RETURN_LINE_FEED("\r\n");

            final String text;

            Space(String text) {
                this.text = text;
            }
        }

        enum Data {
            NONE(""), LETTER("x"), CLOSING_BRACE("}"), CLOSING_BRACKET("]"), COMMA(","), NULL("null"), ZERO("0"),
            STRING("\"x\""), EMPTY_OBJECT("{}"), THE_REQUEST_AGAIN(null), NUL("\u0000"), CONTROL_Z("\u001a"),
            NO_BREAK_SPACE("\u00a0"), BYTE_ORDER_MARK("\ufeff"), LINE_SEPARATOR("\u2028"), COMMENT("// end"),
            BLOCK_COMMENT("/* end */"), ROCKET("\ud83d\ude80");

            final String text;

            Data(String text) {
                this.text = text;
            }
        }

        @Override
        public Mutant apply(RequestBytes request) {
            StringBuilder white = new StringBuilder();
            spaces.forEach(s -> white.append(s.text));
            byte[] after = data == Data.THE_REQUEST_AGAIN ? request.bytes() : utf8(data.text);
            byte[] bytes = request.splice(request.length(), 0, concat(utf8(white.toString()), after));
            String what = "white space " + printable(white.toString())
                    + (data == Data.NONE ? "" : " and then " + data) + " after the request";
            if (after.length == 0) {
                return new Mutant("white space after", what, bytes, Expect.SAME_DECISION, null, null);
            }
            int offset = request.length() + utf8(white.toString()).length;
            return new Mutant("data after", what, bytes, Expect.REFUSED, "$", Pattern.compile(Pattern.quote(
                    "unexpected data after the request at " + lineAndColumn(bytes, offset))));
        }

        /** The line and column (from 1) of a byte: lines end at line feeds, columns count characters. */
        private static String lineAndColumn(byte[] bytes, int offset) {
            int line = 1;
            int column = 1;
            for (int i = 0; i < offset; i++) {
                if (bytes[i] == '\n') {
                    line++;
                    column = 1;
                } else if ((bytes[i] & 0xC0) != 0x80) {
                    column++;
                }
            }
            return "line " + line + ", column " + column;
        }
    }

    /**
     * A time spelt again: another spelling the contract allows (the same instant, so the same decision, whose times
     * are all in the policy's zone) or one it forbids (an error naming the time's path).
     */
    record Respelt(Spelling spelling, int digits, int at) implements ByteMutation {
        enum Spelling {
            LOWER_CASE_T(true), LOWER_CASE_Z(true), UTC_Z(true), UTC_PLUS_ZERO(true), UTC_MINUS_ZERO(true),
            FAR_EAST(true), FAR_WEST(true), QUARTER_HOUR_OFFSET(true), OFFSET_18(true), OFFSET_MINUS_18(true),
            WITHOUT_SECONDS(true), FRACTION(true),
            HOURS_ONLY_OFFSET(false), OFFSET_WITHOUT_COLON(false), OFFSET_WITH_SECONDS(false), DOT_WITHOUT_DIGITS(false),
            TEN_DIGIT_FRACTION(false), COMMA_FRACTION(false), LEAP_SECOND(false), HOUR_24(false), DATE_ALONE(false),
            SPACE_FOR_T(false), WITHOUT_OFFSET(false), OFFSET_PAST_18(false), ONE_DIGIT_HOUR(false),
            EXPANDED_YEAR(false), OFFSET_AND_Z(false);

            final boolean allowed;

            Spelling(boolean allowed) {
                this.allowed = allowed;
            }
        }

        @Override
        public Mutant apply(RequestBytes request) {
            Site site = pick(request.strings(Role.TIME), at);
            String old = request.text(site);
            String respelt = respell(OffsetDateTime.parse(old));
            byte[] bytes = request.splice(site.start(), site.end() - site.start(), utf8("\"" + respelt + "\""));
            String what = site.path() + " \"" + old + "\" spelt \"" + respelt + "\"";
            return spelling.allowed
                    ? new Mutant("time respelt as allowed", what, bytes, Expect.SAME_DECISION, site.path(), null)
                    : new Mutant("time respelt as forbidden", what, bytes, Expect.REFUSED, site.path(), null);
        }

        private String respell(OffsetDateTime t) {
            String date = "%04d-%02d-%02d".formatted(t.getYear(), t.getMonthValue(), t.getDayOfMonth());
            String minutes = "%02d:%02d".formatted(t.getHour(), t.getMinute());
            String seconds = minutes + ":%02d".formatted(t.getSecond()) + fraction(t.getNano(), 0);
            String offset = offset(t.getOffset());
            String numeric = numeric(t.getOffset());
            return switch (spelling) {
                case LOWER_CASE_T -> date + "t" + seconds + offset;
                case LOWER_CASE_Z -> utc(t, "z");
                case UTC_Z -> utc(t, "Z");
                case UTC_PLUS_ZERO -> utc(t, "+00:00");
                case UTC_MINUS_ZERO -> utc(t, "-00:00");
                case FAR_EAST -> at(t, ZoneOffset.ofHours(14));
                case FAR_WEST -> at(t, ZoneOffset.ofHours(-12));
                case QUARTER_HOUR_OFFSET -> at(t, ZoneOffset.ofHoursMinutes(5, 45));
                case OFFSET_18 -> at(t, ZoneOffset.ofHours(18));
                case OFFSET_MINUS_18 -> at(t, ZoneOffset.ofHours(-18));
                // seconds may be left out only where they are zero: else it would be another instant
                case WITHOUT_SECONDS -> date + "T" + (t.getSecond() == 0 && t.getNano() == 0 ? minutes : seconds) + offset;
                case FRACTION -> date + "T" + minutes + ":%02d".formatted(t.getSecond())
                        + fraction(t.getNano(), digits) + offset;
                case HOURS_ONLY_OFFSET -> date + "T" + seconds + numeric.substring(0, 3);
                case OFFSET_WITHOUT_COLON -> date + "T" + seconds + numeric.replace(":", "");
                case OFFSET_WITH_SECONDS -> date + "T" + seconds + numeric + ":30";
                case DOT_WITHOUT_DIGITS -> date + "T" + minutes + ":%02d.".formatted(t.getSecond()) + offset;
                case TEN_DIGIT_FRACTION -> date + "T" + minutes + ":%02d".formatted(t.getSecond())
                        + fraction(t.getNano(), 9) + "0" + offset;
                case COMMA_FRACTION -> date + "T" + minutes + ":%02d,0".formatted(t.getSecond()) + offset;
                case LEAP_SECOND -> date + "T23:59:60" + offset;
                case HOUR_24 -> date + "T24:00:00" + offset;
                case DATE_ALONE -> date;
                case SPACE_FOR_T -> date + " " + seconds + offset;
                case WITHOUT_OFFSET -> date + "T" + seconds;
                case OFFSET_PAST_18 -> date + "T" + seconds + "+18:30";
                case ONE_DIGIT_HOUR -> date + "T" + t.getHour() % 10 + seconds.substring(2) + offset;
                case EXPANDED_YEAR -> "+0" + date + "T" + seconds + offset;
                case OFFSET_AND_Z -> date + "T" + seconds + numeric + "Z";
            };
        }

        /** The same instant at another offset. */
        private String at(OffsetDateTime t, ZoneOffset offset) {
            OffsetDateTime there = t.withOffsetSameInstant(offset);
            return "%04d-%02d-%02dT%02d:%02d:%02d".formatted(there.getYear(), there.getMonthValue(),
                    there.getDayOfMonth(), there.getHour(), there.getMinute(), there.getSecond())
                    + fraction(there.getNano(), 0) + offset(offset);
        }

        /** The same instant in UTC, with the given spelling of its offset. */
        private String utc(OffsetDateTime t, String zero) {
            String written = at(t, ZoneOffset.UTC);
            return written.substring(0, written.length() - 1) + zero;
        }

        /** An offset as the original writes it: {@code Z} for UTC. */
        private static String offset(ZoneOffset offset) {
            return offset.getTotalSeconds() == 0 ? "Z" : numeric(offset);
        }

        /** An offset as {@code +hh:mm} or {@code -hh:mm}. */
        private static String numeric(ZoneOffset offset) {
            int minutes = offset.getTotalSeconds() / 60;
            return "%s%02d:%02d".formatted(minutes < 0 ? "-" : "+", Math.abs(minutes) / 60, Math.abs(minutes) % 60);
        }

        /**
         * A fraction of a second of at least {@code digits} digits (none for 0 when no zero digit is asked for), as
         * few as the nanoseconds need.
         */
        private static String fraction(int nanos, int digits) {
            String nine = "%09d".formatted(nanos);
            int needed = 9;
            while (needed > 0 && nine.charAt(needed - 1) == '0') {
                needed--;
            }
            int written = Math.max(needed, digits);
            return written == 0 ? "" : "." + nine.substring(0, written);
        }
    }

    /** One character of a blank text, written as itself in UTF-8 or as a JSON escape. */
    record BlankChar(Blank blank, boolean escaped) {
        /** Characters the contract calls blank: white space, control and format characters. */
        enum Blank {
            SPACE(0x20), NO_BREAK_SPACE(0xA0), NARROW_NO_BREAK_SPACE(0x202F), ZERO_WIDTH_SPACE(0x200B),
            BYTE_ORDER_MARK(0xFEFF), IDEOGRAPHIC_SPACE(0x3000), TAB(0x09), LINE_FEED(0x0A), CARRIAGE_RETURN(0x0D),
            NUL(0x00), ESCAPE(0x1B), DELETE(0x7F), NEXT_LINE(0x85), LINE_SEPARATOR(0x2028), OGHAM_SPACE_MARK(0x1680),
            EM_SPACE(0x2003), MEDIUM_MATHEMATICAL_SPACE(0x205F), WORD_JOINER(0x2060), SOFT_HYPHEN(0xAD),
            RIGHT_TO_LEFT_OVERRIDE(0x202E), MONGOLIAN_VOWEL_SEPARATOR(0x180E), TAG_SPACE(0xE0020);

            final int codePoint;

            Blank(int codePoint) {
                this.codePoint = codePoint;
            }
        }

        String json() {
            String text = Character.toString(blank.codePoint);
            if (!escaped) {
                return text;
            }
            StringBuilder out = new StringBuilder();
            text.chars().forEach(unit -> out.append("\\u%04x".formatted(unit)));
            return out.toString();
        }
    }

    /** A blank text as a JSON string. */
    static byte[] blankString(List<BlankChar> text) {
        if (!WireContract.isBlank(blankText(text))) {
            throw new IllegalStateException("the test is wrong: not blank: " + printable(blankText(text)));
        }
        StringBuilder json = new StringBuilder("\"");
        text.forEach(c -> json.append(c.json()));
        return utf8(json.append('"').toString());
    }

    /** The blank text itself, as the contract reads it. */
    static String blankText(List<BlankChar> text) {
        StringBuilder out = new StringBuilder();
        text.forEach(c -> out.appendCodePoint(c.blank().codePoint));
        return out.toString();
    }

    /** A text that names something (or an enum value) made blank: an error naming its path. */
    record BlankName(List<BlankChar> text, int at) implements ByteMutation {
        @Override
        public Mutant apply(RequestBytes request) {
            List<Site> names = request.strings().stream()
                    .filter(s -> s.role() == Role.NAME || s.role() == Role.ENUM).toList();
            Site site = pick(names, at);
            return new Mutant("blank name", site.path() + " made " + printable(blankText(text)),
                    request.splice(site.start(), site.end() - site.start(), blankString(text)), Expect.REFUSED,
                    site.path(), null);
        }
    }

    /**
     * An optional text ({@code change.summary}, a waiver's {@code subject}, ...) made blank: no more permissive than
     * before (an error where the text breaks JSON, such as a raw control character, naming its path).
     */
    record BlankText(List<BlankChar> text, int at) implements ByteMutation {
        @Override
        public Mutant apply(RequestBytes request) {
            Site site = pick(request.strings(Role.OPTIONAL_TEXT), at);
            if (site == null) {
                return new Mutant("blank optional text", "nothing: no optional text", request.bytes(),
                        Expect.SAME_DECISION, null, null);
            }
            return new Mutant("blank optional text", site.path() + " made " + printable(blankText(text)),
                    request.splice(site.start(), site.end() - site.start(), blankString(text)),
                    Expect.NO_MORE_PERMISSIVE, site.path(), null);
        }
    }

    /**
     * An approval's {@code reference} made blank, or a blank one given to an approval that has none, preferring
     * verbal approvals: a blank reference documents nothing, so the decision is the one without a reference.
     */
    record BlankReference(List<BlankChar> text, int at) implements ByteMutation {
        @Override
        public Mutant apply(RequestBytes request) {
            List<ApprovalSite> verbal = request.approvals().stream().filter(ApprovalSite::verbal).toList();
            ApprovalSite approval = pick(verbal.isEmpty() ? request.approvals() : verbal, at);
            if (approval == null) {
                return new Mutant("blank reference", "nothing: no approval", request.bytes(), Expect.SAME_DECISION,
                        null, null);
            }
            String path = "$.approvals[" + approval.index() + "].reference";
            String what = path + " made " + printable(blankText(text));
            Site reference = approval.reference();
            byte[] bytes = reference != null
                    ? request.splice(reference.start(), reference.end() - reference.start(), blankString(text))
                    : request.splice(approval.brace() + 1, 0, concat(utf8("\"reference\": "), blankString(text),
                    utf8(", ")));
            return new Mutant("blank reference", what, bytes, Expect.AS_WITHOUT_REFERENCE, path, null,
                    approval.index());
        }
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    /** Text for a failure message: control, format and non-ASCII white space characters escaped. */
    static String printable(String text) {
        StringBuilder out = new StringBuilder();
        text.codePoints().forEach(c -> out.append(c < 0x20 || c >= 0x7F && (Character.isWhitespace(c)
                || Character.isSpaceChar(c) || Character.getType(c) == Character.FORMAT
                || Character.getType(c) == Character.CONTROL) ? "\\u{%X}".formatted(c) : Character.toString(c)));
        return "\"" + out + "\"";
    }
}
