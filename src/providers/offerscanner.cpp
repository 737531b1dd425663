#include "providers/offerscanner.h"

#include <charconv>
#include <cstring>
#include <string_view>

namespace gpufailover::vast {
namespace {

constexpr std::string_view kNames[] = {
    "id",
    "machine_id",
    "host_id",
    "num_gpus",
    "gpu_name",
    "gpu_ram",
    "dph_total",
    "dph_base",
    "storage_cost",
    "min_bid",
    "reliability",
    "reliability2",
    "verified",
    "verification",
    "rentable",
    "rented",
    "geolocation",
    "disk_space",
    "inet_up",
    "inet_down",
    "inet_up_cost",
    "inet_down_cost",
    "cuda_max_good",
    "compute_cap",
    "direct_port_count",
    "end_date",
    "avail_vol_ask_id",
    "score",
};
static_assert(std::size(kNames) == size_t(OfferField::Count));

constexpr int kMaxDepth = 64;

void appendUtf8(QByteArray &out, char32_t cp)
{
    if (cp < 0x80) {
        out += char(cp);
    } else if (cp < 0x800) {
        out += char(0xC0 | (cp >> 6));
        out += char(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += char(0xE0 | (cp >> 12));
        out += char(0x80 | ((cp >> 6) & 0x3F));
        out += char(0x80 | (cp & 0x3F));
    } else {
        out += char(0xF0 | (cp >> 18));
        out += char(0x80 | ((cp >> 12) & 0x3F));
        out += char(0x80 | ((cp >> 6) & 0x3F));
        out += char(0x80 | (cp & 0x3F));
    }
}

class Scanner
{
public:
    Scanner(const char *begin, const char *end)
        : m_p(begin)
        , m_end(end)
    { }

    std::optional<QList<OfferFields>> page()
    {
        std::optional<QList<OfferFields>> offers;
        ws();
        if (!eat('{'))
            return std::nullopt;
        ws();
        if (eat('}'))
            return std::nullopt; // no "offers": let the DOM path say so
        for (;;) {
            const char *key = nullptr;
            qsizetype len = 0;
            if (!rawKey(&key, &len))
                return std::nullopt;
            ws();
            if (!eat(':'))
                return std::nullopt;
            ws();
            if (len == 6 && std::memcmp(key, "offers", 6) == 0) {
                offers = list();
                if (!offers)
                    return std::nullopt;
            } else if (!skip(0)) {
                return std::nullopt;
            }
            ws();
            if (eat(','))
                continue;
            if (eat('}'))
                break;
            return std::nullopt;
        }
        ws();
        if (m_p != m_end)
            return std::nullopt; // trailing bytes
        return offers;
    }

private:
    std::optional<QList<OfferFields>> list()
    {
        if (!eat('['))
            return std::nullopt;
        QList<OfferFields> out;
        ws();
        if (eat(']'))
            return out;
        for (;;) {
            ws();
            if (peek() == '{') {
                OfferFields fields;
                if (!object(fields))
                    return std::nullopt;
                out.append(std::move(fields));
            } else {
                // A non-object row: keep the slot so the converter counts it as dropped.
                OfferFields fields;
                fields[0].type = FieldValue::Type::Other;
                if (!skip(1))
                    return std::nullopt;
                out.append(std::move(fields));
            }
            ws();
            if (eat(','))
                continue;
            if (eat(']'))
                return out;
            return std::nullopt;
        }
    }

    bool object(OfferFields &fields)
    {
        if (!eat('{'))
            return false;
        ws();
        if (eat('}'))
            return true;
        for (;;) {
            const char *key = nullptr;
            qsizetype len = 0;
            if (!rawKey(&key, &len))
                return false;
            ws();
            if (!eat(':'))
                return false;
            ws();
            const auto field = offerFieldFromName(key, len);
            if (field) {
                if (!value(fields[size_t(*field)]))
                    return false;
            } else if (!skip(2)) {
                return false;
            }
            ws();
            if (eat(','))
                continue;
            return eat('}');
        }
    }

    bool value(FieldValue &v)
    {
        const char c = peek();
        if (c == '"') {
            v.type = FieldValue::Type::String;
            return string(&v.string);
        }
        if (c == 't' || c == 'f') {
            v.type = FieldValue::Type::Bool;
            v.boolean = c == 't';
            return literal(c == 't' ? "true" : "false");
        }
        if (c == 'n') {
            v.type = FieldValue::Type::Null;
            return literal("null");
        }
        if (c == '-' || (c >= '0' && c <= '9')) {
            v.type = FieldValue::Type::Number;
            return number(&v.number);
        }
        v.type = FieldValue::Type::Other;
        return skip(2);
    }

    // JSON's number grammar exactly: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
    bool number(double *out)
    {
        const char *start = m_p;
        const auto digits = [this] {
            const char *d = m_p;
            while (m_p < m_end && *m_p >= '0' && *m_p <= '9')
                ++m_p;
            return m_p > d;
        };
        eat('-');
        if (eat('0')) {
            if (m_p < m_end && *m_p >= '0' && *m_p <= '9')
                return false;
        } else if (!digits()) {
            return false;
        }
        if (eat('.') && !digits())
            return false;
        if (m_p < m_end && (*m_p == 'e' || *m_p == 'E')) {
            ++m_p;
            if (!eat('+'))
                eat('-');
            if (!digits())
                return false;
        }
        const auto r = std::from_chars(start, m_p, *out);
        return r.ec == std::errc() && r.ptr == m_p;
    }

    // Keys are compared raw; one with an escape sequence is left to the DOM path.
    bool rawKey(const char **key, qsizetype *len)
    {
        if (!eat('"'))
            return false;
        const char *start = m_p;
        const void *q = std::memchr(m_p, '"', size_t(m_end - m_p));
        if (!q)
            return false;
        const char *close = static_cast<const char *>(q);
        if (std::memchr(start, '\\', size_t(close - start)))
            return false;
        *key = start;
        *len = close - start;
        m_p = close + 1;
        return true;
    }

    bool string(QString *out)
    {
        if (!eat('"'))
            return false;
        const char *start = m_p;
        while (m_p < m_end && *m_p != '"' && *m_p != '\\' && static_cast<unsigned char>(*m_p) >= 0x20)
            ++m_p;
        if (m_p < m_end && *m_p == '"') {
            if (out)
                *out = QString::fromUtf8(start, m_p - start);
            ++m_p;
            return true;
        }
        // Escapes or control characters: decode slowly and exactly.
        QByteArray buf(start, m_p - start);
        while (m_p < m_end) {
            const char c = *m_p++;
            if (c == '"') {
                if (out)
                    *out = QString::fromUtf8(buf);
                return true;
            }
            if (static_cast<unsigned char>(c) < 0x20)
                return false;
            if (c != '\\') {
                buf += c;
                continue;
            }
            if (m_p >= m_end)
                return false;
            const char e = *m_p++;
            switch (e) {
            case '"':
                buf += '"';
                break;
            case '\\':
                buf += '\\';
                break;
            case '/':
                buf += '/';
                break;
            case 'b':
                buf += '\b';
                break;
            case 'f':
                buf += '\f';
                break;
            case 'n':
                buf += '\n';
                break;
            case 'r':
                buf += '\r';
                break;
            case 't':
                buf += '\t';
                break;
            case 'u': {
                char32_t cp = 0;
                if (!hex4(&cp))
                    return false;
                if (cp >= 0xD800 && cp <= 0xDBFF) {
                    char32_t low = 0;
                    if (m_end - m_p < 6 || m_p[0] != '\\' || m_p[1] != 'u')
                        return false;
                    m_p += 2;
                    if (!hex4(&low) || low < 0xDC00 || low > 0xDFFF)
                        return false;
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
                    return false;
                }
                appendUtf8(buf, cp);
                break;
            }
            default:
                return false;
            }
        }
        return false;
    }

    bool hex4(char32_t *out)
    {
        if (m_end - m_p < 4)
            return false;
        char32_t v = 0;
        for (int i = 0; i < 4; ++i) {
            const char c = *m_p++;
            v <<= 4;
            if (c >= '0' && c <= '9')
                v |= char32_t(c - '0');
            else if (c >= 'a' && c <= 'f')
                v |= char32_t(c - 'a' + 10);
            else if (c >= 'A' && c <= 'F')
                v |= char32_t(c - 'A' + 10);
            else
                return false;
        }
        *out = v;
        return true;
    }

    bool skip(int depth)
    {
        if (depth > kMaxDepth)
            return false;
        ws();
        const char c = peek();
        if (c == '"')
            return string(nullptr);
        if (c == 't')
            return literal("true");
        if (c == 'f')
            return literal("false");
        if (c == 'n')
            return literal("null");
        if (c == '-' || (c >= '0' && c <= '9')) {
            double d = 0;
            return number(&d);
        }
        if (c == '[' || c == '{') {
            const bool isObject = c == '{';
            ++m_p;
            ws();
            if (eat(isObject ? '}' : ']'))
                return true;
            for (;;) {
                ws();
                if (isObject) {
                    if (!string(nullptr))
                        return false;
                    ws();
                    if (!eat(':'))
                        return false;
                }
                if (!skip(depth + 1))
                    return false;
                ws();
                if (eat(','))
                    continue;
                return eat(isObject ? '}' : ']');
            }
        }
        return false;
    }

    bool literal(const char *word)
    {
        const size_t n = std::strlen(word);
        if (size_t(m_end - m_p) < n || std::memcmp(m_p, word, n) != 0)
            return false;
        m_p += n;
        return true;
    }

    void ws()
    {
        while (m_p < m_end && (*m_p == ' ' || *m_p == '\n' || *m_p == '\r' || *m_p == '\t'))
            ++m_p;
    }
    char peek() const { return m_p < m_end ? *m_p : '\0'; }
    bool eat(char c)
    {
        if (m_p < m_end && *m_p == c) {
            ++m_p;
            return true;
        }
        return false;
    }

    const char *m_p;
    const char *m_end;
};

} // namespace

const char *offerFieldName(OfferField f)
{
    return kNames[size_t(f)].data();
}

std::optional<OfferField> offerFieldFromName(const char *name, qsizetype length)
{
    const std::string_view key(name, size_t(length));
    for (size_t i = 0; i < std::size(kNames); ++i) {
        if (kNames[i] == key)
            return OfferField(i);
    }
    return std::nullopt;
}

std::optional<QList<OfferFields>> scanOfferPage(const QByteArray &body)
{
    return Scanner(body.constData(), body.constData() + body.size()).page();
}

} // namespace gpufailover::vast
