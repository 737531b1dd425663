// gpufailoverctl: command-line client of the local REST API.
#include "api/apitoken.h"
#include "core/commonoptions.h"
#include "core/keychainsecretstore.h"

#include "gpufailover/version.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QThread>
#include <QUrlQuery>

#include <cstdio>

using namespace gpufailover;

namespace {

// A JSON array of names on one line; `readable` writes snake_case names as words.
QString listed(const QJsonValue &v, bool readable = false)
{
    QStringList out;
    for (const QJsonValue &item : v.toArray())
        out << (readable ? item.toString().replace(u'_', u' ') : item.toString());
    return out.join(QStringLiteral(", "));
}

// Exit codes scripts can rely on.
enum Exit { Ok = 0, Usage = 2, Unreachable = 3, Unauthorized = 4, Rejected = 5, ServerError = 6, DrillFailed = 7 };

struct Reply
{
    int status = 0;
    QJsonObject body;
    QString error;
};

class Client
{
public:
    Client(int port, QString token)
        : m_port(port)
        , m_token(std::move(token))
    { }

    Reply call(const QByteArray &method, const QString &path, const QUrlQuery &query = {}, const QJsonObject &body = {})
    {
        QUrl url(QStringLiteral("http://127.0.0.1:%1%2").arg(m_port).arg(path));
        url.setQuery(query);
        QNetworkRequest request(url);
        request.setRawHeader("Authorization", "Bearer " + m_token.toLatin1());
        request.setHeader(QNetworkRequest::UserAgentHeader, QByteArrayLiteral("gpufailoverctl"));
        request.setTransferTimeout(15000);
        QByteArray data;
        if (method != "GET") {
            request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
            data = QJsonDocument(body).toJson(QJsonDocument::Compact);
        }
        QNetworkReply *reply = m_nam.sendCustomRequest(request, method, data);
        QEventLoop loop;
        QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
        loop.exec();
        Reply r;
        r.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const QByteArray raw = reply->readAll();
        r.body = QJsonDocument::fromJson(raw).object();
        if (r.status == 0)
            r.error = reply->errorString();
        else if (path == u"/metrics")
            r.body = QJsonObject { { QStringLiteral("text"), QString::fromUtf8(raw) } };
        reply->deleteLater();
        return r;
    }

private:
    int m_port;
    QString m_token;
    QNetworkAccessManager m_nam;
};

int fail(const Reply &r)
{
    if (r.status == 0) {
        std::fprintf(stderr, "gpufailoverctl: the daemon is not reachable: %s\n", qPrintable(r.error));
        return Unreachable;
    }
    std::fprintf(stderr, "gpufailoverctl: %s (HTTP %d)\n",
        qPrintable(r.body.value(QStringLiteral("message")).toString()), r.status);
    return r.status == 401 ? Unauthorized : r.status >= 500 ? ServerError : Rejected;
}

QString text(const QJsonValue &v)
{
    if (v.isDouble())
        return QString::number(v.toDouble(), 'g', 12);
    if (v.isBool())
        return v.toBool() ? QStringLiteral("yes") : QStringLiteral("no");
    if (v.isNull() || v.isUndefined())
        return QStringLiteral("-");
    if (v.isObject() || v.isArray())
        return QString::fromUtf8(QJsonDocument(v.isObject() ? QJsonDocument(v.toObject()) : QJsonDocument(v.toArray()))
                                     .toJson(QJsonDocument::Compact));
    return v.toString();
}

void printStatus(const QJsonObject &s)
{
    for (const char *k : { "pool", "state", "reason", "enabled", "host_machine_id", "volume_id", "primary_gpu_id",
             "standby_gpu_id", "standby_state", "readiness", "readiness_reason", "generation", "failover_count" })
        std::printf("%-18s %s\n", k, qPrintable(text(s.value(QString::fromLatin1(k)))));
    if (s.value(QStringLiteral("last_failover")).isObject()) {
        const QJsonObject f = s.value(QStringLiteral("last_failover")).toObject();
        std::printf("%-18s %s (%.1f s)\n", "last_failover", qPrintable(f.value(QStringLiteral("outcome")).toString()),
            f.value(QStringLiteral("total_ms")).toDouble() / 1000.0);
    }
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("gpufailoverctl"));
    QCoreApplication::setApplicationVersion(QString::fromLatin1(kVersion));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Command-line client of the GPU Failover local API.\n\nCommands:\n"
        "  health | status | pools | hosts [--gpu NAME] | provision --machine ID\n"
        "  enable | disable   (the warm standby; off, a failure goes to the CPU standby and snapshots)\n"
        "  drill [--wait] | pause POOL | resume POOL | events [--kind K] [--limit N] [--after ID]\n"
        "  settings [NAME=VALUE ...] | metrics | pool-create CONFIG.json | pool-destroy POOL [--confirm TOKEN]\n"
        "  snapshots POOL [take|drill|check] | hibernate POOL | wake POOL | costs\n"
        "  credentials | credentials set NAME   (the value is read from standard input, never argv)\n"
        "  credentials check   (asks Vast.ai, GCP and the snapshot store whether the saved keys work)\n"
        "  credentials wipe   (every key, and the engine's SSH key on the Vast.ai account; no pool may be left)\n\n"
        "Exit codes: 0 ok, 2 usage, 3 daemon unreachable, 4 unauthorized, 5 rejected (4xx), 6 server "
        "error, 7 drill failed."));
    parser.addHelpOption();
    parser.addVersionOption();
    CommonOptions::addTo(parser);
    parser.addOption({ QStringLiteral("json"), QStringLiteral("Print the daemon's JSON answer.") });
    parser.addOption(
        { QStringLiteral("pool"), QStringLiteral("Which pool (default: the first)."), QStringLiteral("id") });
    parser.addOption(
        { QStringLiteral("gpu"), QStringLiteral("GPU model, e.g. \"RTX 4090\"."), QStringLiteral("name") });
    parser.addOption({ QStringLiteral("machine"), QStringLiteral("Vast.ai machine id."), QStringLiteral("id") });
    parser.addOption(
        { QStringLiteral("kind"), QStringLiteral("Event kinds, comma-separated."), QStringLiteral("kinds") });
    parser.addOption(
        { QStringLiteral("limit"), QStringLiteral("How many events."), QStringLiteral("n"), QStringLiteral("50") });
    parser.addOption({ QStringLiteral("after"), QStringLiteral("Events after this id."), QStringLiteral("id") });
    parser.addOption(
        { QStringLiteral("wait"), QStringLiteral("drill: wait for the failover to finish and report it.") });
    parser.addOption({ QStringLiteral("confirm"),
        QStringLiteral("pool-destroy: the confirmation token the first call printed."), QStringLiteral("token") });
    parser.addPositionalArgument(QStringLiteral("command"), QStringLiteral("What to do (see above)."));
    parser.process(app);

    QString error;
    const CommonOptions options = CommonOptions::from(parser, &error);
    const QStringList args = parser.positionalArguments();
    if (!error.isEmpty() || args.isEmpty()) {
        std::fprintf(
            stderr, "gpufailoverctl: %s\n", error.isEmpty() ? "a command is required (see --help)" : qPrintable(error));
        return Usage;
    }
    int port = options.apiPort;
    if (port < 0) {
        QFile f(apiPortFile(options.configDir));
        port = f.open(QIODevice::ReadOnly) ? f.readAll().trimmed().toInt() : 47615;
    }
    const QString command = args.first();
    const bool asJson = parser.isSet(QStringLiteral("json"));
    QUrlQuery poolQuery;
    if (parser.isSet(QStringLiteral("pool")))
        poolQuery.addQueryItem(QStringLiteral("pool"), parser.value(QStringLiteral("pool")));

    if (command == u"health") {
        Client anonymous(port, {});
        const Reply r = anonymous.call("GET", QStringLiteral("/api/health"));
        if (r.status != 200)
            return fail(r);
        std::printf("%s (version %s)\n", qPrintable(r.body.value(QStringLiteral("status")).toString()),
            qPrintable(r.body.value(QStringLiteral("version")).toString()));
        return Ok;
    }

    KeychainSecretStore keychain(QString::fromLatin1("io.github.gpufailover.GpuFailover"), {}, nullptr);
    const auto token = readApiToken(&keychain, options.configDir);
    if (!token) {
        std::fprintf(stderr, "gpufailoverctl: %s\n", qPrintable(token.error().message));
        return Unauthorized;
    }
    Client client(port, *token);
    const auto show = [&](const Reply &r, const std::function<void(const QJsonObject &)> &human) {
        if (r.status < 200 || r.status >= 300)
            return fail(r);
        if (asJson)
            std::printf("%s", QJsonDocument(r.body).toJson(QJsonDocument::Indented).constData());
        else
            human(r.body);
        return int(Ok);
    };

    if (command == u"status")
        return show(client.call("GET", QStringLiteral("/api/warmpool/status"), poolQuery), printStatus);
    if (command == u"enable" || command == u"disable")
        return show(client.call("POST", QStringLiteral("/api/warmpool/%1").arg(command), poolQuery), printStatus);
    if (command == u"pools")
        return show(client.call("GET", QStringLiteral("/api/pools")), [](const QJsonObject &b) {
            std::printf(
                "%-12s %-12s %-10s %-10s %-10s %s\n", "POOL", "STATE", "PRIMARY", "STANDBY", "READINESS", "FAILOVERS");
            for (const QJsonValue &v : b.value(QStringLiteral("pools")).toArray()) {
                const QJsonObject p = v.toObject();
                std::printf("%-12s %-12s %-10s %-10s %-10s %s\n", qPrintable(text(p.value(QStringLiteral("pool")))),
                    qPrintable(text(p.value(QStringLiteral("state")))),
                    qPrintable(text(p.value(QStringLiteral("primary_gpu_id")))),
                    qPrintable(text(p.value(QStringLiteral("standby_gpu_id")))),
                    qPrintable(text(p.value(QStringLiteral("readiness")))),
                    qPrintable(text(p.value(QStringLiteral("failover_count")))));
            }
        });
    if (command == u"hosts") {
        QUrlQuery q;
        if (parser.isSet(QStringLiteral("gpu")))
            q.addQueryItem(QStringLiteral("gpu_name"), parser.value(QStringLiteral("gpu")));
        return show(client.call("GET", QStringLiteral("/api/warmpool/hosts"), q), [](const QJsonObject &b) {
            std::printf(
                "%-10s %-12s %-5s %-9s %-11s %s\n", "MACHINE", "GPU", "FREE", "$/GPU-H", "RELIABILITY", "LOCATION");
            for (const QJsonValue &v : b.value(QStringLiteral("hosts")).toArray()) {
                const QJsonObject h = v.toObject();
                std::printf("%-10s %-12s %-5s %-9.3f %-11.3f %s\n",
                    qPrintable(text(h.value(QStringLiteral("machine_id")))),
                    qPrintable(text(h.value(QStringLiteral("gpu_name")))),
                    qPrintable(text(h.value(QStringLiteral("free_gpus")))),
                    h.value(QStringLiteral("price_per_gpu_hour")).toDouble(),
                    h.value(QStringLiteral("reliability")).toDouble(),
                    qPrintable(text(h.value(QStringLiteral("geolocation")))));
            }
        });
    }
    if (command == u"provision") {
        bool ok = false;
        const qint64 machine = parser.value(QStringLiteral("machine")).toLongLong(&ok);
        if (!ok || machine <= 0) {
            std::fprintf(stderr, "gpufailoverctl: provision needs --machine ID\n");
            return Usage;
        }
        QJsonObject body { { QStringLiteral("machine_id"), double(machine) } };
        if (parser.isSet(QStringLiteral("gpu")))
            body.insert(QStringLiteral("gpu_name"), parser.value(QStringLiteral("gpu")));
        return show(client.call("POST", QStringLiteral("/api/warmpool/provision"), poolQuery, body), printStatus);
    }
    if (command == u"drill") {
        const Reply started = client.call("POST", QStringLiteral("/api/warmpool/failover/test"), poolQuery);
        if (started.status != 202)
            return fail(started);
        const int before = started.body.value(QStringLiteral("failover_count_before")).toInt();
        if (!parser.isSet(QStringLiteral("wait")))
            return show(started, [](const QJsonObject &) { std::printf("drill started\n"); });
        // Poll until the failover count moves (success) or the pool leaves the failover (failure).
        for (int i = 0; i < 1200; ++i) {
            const Reply s = client.call("GET", QStringLiteral("/api/warmpool/status"), poolQuery);
            if (s.status != 200)
                return fail(s);
            const QString state = s.body.value(QStringLiteral("state")).toString();
            if (s.body.value(QStringLiteral("failover_count")).toInt() > before && state == u"active")
                return show(s, [](const QJsonObject &b) {
                    std::printf("drill succeeded\n");
                    printStatus(b);
                });
            if (state == u"degraded") {
                show(s, printStatus);
                return DrillFailed;
            }
            QThread::msleep(250); // a CLI polling a daemon: there is nothing else to wait on
        }
        std::fprintf(stderr, "gpufailoverctl: the drill did not finish\n");
        return DrillFailed;
    }
    // One pool, one action, answered with the pool's status.
    if (command == u"hibernate" || command == u"wake" || command == u"pause" || command == u"resume") {
        if (args.size() != 2) {
            std::fprintf(stderr, "gpufailoverctl: %s POOL\n", qPrintable(command));
            return Usage;
        }
        return show(client.call("POST", QStringLiteral("/api/pools/%1/%2").arg(args[1], command)), printStatus);
    }
    if (command == u"costs") {
        return show(client.call("GET", QStringLiteral("/api/costs")), [](const QJsonObject &b) {
            std::printf("%-16s %12s %14s %14s\n", "pool", "$/hour", "month so far", "month forecast");
            for (const QJsonValue &v : b.value(QStringLiteral("pools")).toArray()) {
                const QJsonObject p = v.toObject();
                std::printf("%-16s %12.4f %14.2f %14.2f\n", qPrintable(p.value(QStringLiteral("pool")).toString()),
                    p.value(QStringLiteral("rate_per_hour")).toDouble(),
                    p.value(QStringLiteral("month_to_date")).toDouble(),
                    p.value(QStringLiteral("forecast_month")).toDouble());
            }
        });
    }
    if (command == u"snapshots") {
        if (args.size() < 2 || args.size() > 3
            || (args.size() == 3
                && !QStringList { QStringLiteral("take"), QStringLiteral("drill"), QStringLiteral("check") }.contains(
                    args[2]))) {
            std::fprintf(stderr, "gpufailoverctl: snapshots POOL [take|drill|check]\n");
            return Usage;
        }
        if (args.size() == 3)
            return show(client.call("POST", QStringLiteral("/api/pools/%1/snapshots/%2").arg(args[1], args[2])),
                [](const QJsonObject &b) {
                    std::printf("%s started\n", qPrintable(b.value(QStringLiteral("accepted")).toString()));
                });
        return show(
            client.call("GET", QStringLiteral("/api/pools/%1/snapshots").arg(args[1])), [](const QJsonObject &b) {
                const auto field = [&b](const char *k) { return text(b.value(QString::fromLatin1(k))); };
                std::printf("last snapshot        %s %s%s\n", qPrintable(field("last_snapshot_id")),
                    qPrintable(field("last_snapshot_at")),
                    b.value(QStringLiteral("last_snapshot_incomplete")).toBool() ? " (INCOMPLETE)" : "");
                std::printf("verified restore     %s %s (age %s s)\n", qPrintable(field("verified_snapshot_id")),
                    qPrintable(field("last_verified_restore_point")), qPrintable(field("last_verified_age_s")));
                std::printf("repository           %s bytes, healthy: %s\n", qPrintable(field("repository_bytes")),
                    qPrintable(field("repository_healthy")));
                std::printf("uploaded             %s bytes last, %s in all; %s taken, %s failed\n",
                    qPrintable(field("last_bytes_uploaded")), qPrintable(field("bytes_uploaded_total")),
                    qPrintable(field("snapshots_taken")), qPrintable(field("snapshots_failed")));
            });
    }
    if (command == u"events") {
        QUrlQuery q = poolQuery;
        for (const char *o : { "kind", "limit", "after" }) {
            if (parser.isSet(QString::fromLatin1(o)) || QByteArray(o) == "limit")
                q.addQueryItem(QString::fromLatin1(o), parser.value(QString::fromLatin1(o)));
        }
        return show(client.call("GET", QStringLiteral("/api/events"), q), [](const QJsonObject &b) {
            for (const QJsonValue &v : b.value(QStringLiteral("events")).toArray()) {
                const QJsonObject e = v.toObject();
                std::printf("%6s %s %-8s %-20s %-8s %s\n", qPrintable(text(e.value(QStringLiteral("id")))),
                    qPrintable(e.value(QStringLiteral("time")).toString()),
                    qPrintable(text(e.value(QStringLiteral("pool")))),
                    qPrintable(e.value(QStringLiteral("kind")).toString()),
                    qPrintable(e.value(QStringLiteral("phase")).toString()),
                    qPrintable(text(e.value(QStringLiteral("data")))));
            }
        });
    }
    if (command == u"settings") {
        if (args.size() == 1)
            return show(client.call("GET", QStringLiteral("/api/settings")), [](const QJsonObject &b) {
                const QJsonObject s = b.value(QStringLiteral("settings")).toObject();
                for (auto it = s.begin(); it != s.end(); ++it)
                    std::printf("%-32s %-28s (%s)\n", qPrintable(it.key()),
                        qPrintable(text(it.value().toObject().value(QStringLiteral("value")))),
                        qPrintable(it.value().toObject().value(QStringLiteral("source")).toString()));
            });
        QJsonObject changes;
        for (const QString &a : args.mid(1)) {
            const qsizetype eq = a.indexOf(u'=');
            if (eq <= 0) {
                std::fprintf(stderr, "gpufailoverctl: settings NAME=VALUE ...\n");
                return Usage;
            }
            // Values are sent as JSON when they parse as JSON (numbers, true/false, lists), else as text.
            const QString raw = a.mid(eq + 1);
            const QJsonDocument doc = QJsonDocument::fromJson(QStringLiteral("[%1]").arg(raw).toUtf8());
            changes.insert(
                a.left(eq), doc.isArray() && doc.array().size() == 1 ? doc.array().first() : QJsonValue(raw));
        }
        return show(client.call("PUT", QStringLiteral("/api/settings"), {}, changes), [](const QJsonObject &b) {
            std::printf("%d setting(s) updated\n", b.value(QStringLiteral("updated")).toInt());
        });
    }
    if (command == u"pool-create") {
        if (args.size() != 2) {
            std::fprintf(stderr, "gpufailoverctl: pool-create CONFIG.json\n");
            return Usage;
        }
        QFile f(args[1]);
        const QJsonDocument doc = f.open(QIODevice::ReadOnly) ? QJsonDocument::fromJson(f.readAll()) : QJsonDocument();
        if (!doc.isObject()) {
            std::fprintf(stderr, "gpufailoverctl: %s is not a JSON object\n", qPrintable(args[1]));
            return Usage;
        }
        return show(client.call("POST", QStringLiteral("/api/pools"), {}, doc.object()), printStatus);
    }
    if (command == u"pool-destroy") {
        if (args.size() != 2) {
            std::fprintf(stderr, "gpufailoverctl: pool-destroy POOL [--confirm TOKEN]\n");
            return Usage;
        }
        QUrlQuery q;
        if (parser.isSet(QStringLiteral("confirm")))
            q.addQueryItem(QStringLiteral("confirm"), parser.value(QStringLiteral("confirm")));
        const Reply r = client.call("DELETE", QStringLiteral("/api/pools/%1").arg(args[1]), q);
        if (r.status == 409 && r.body.contains(QStringLiteral("confirm"))) {
            // Destroying is two steps on purpose: say what would go, and how to confirm.
            std::printf("%s\nto confirm: gpufailoverctl pool-destroy %s --confirm %s\n",
                qPrintable(r.body.value(QStringLiteral("message")).toString()), qPrintable(args[1]),
                qPrintable(r.body.value(QStringLiteral("confirm")).toString()));
            return Rejected;
        }
        return show(r, [](const QJsonObject &b) {
            std::printf("pool %s destroyed (deleted: %s)\n",
                qPrintable(b.value(QStringLiteral("destroyed")).toString()),
                qPrintable(listed(b.value(QStringLiteral("deleted")), true)));
            if (!b.value(QStringLiteral("kept")).toArray().isEmpty())
                std::printf("kept: %s\n", qPrintable(listed(b.value(QStringLiteral("kept")), true)));
        });
    }
    if (command == u"credentials") {
        if (args.size() == 1)
            return show(client.call("GET", QStringLiteral("/api/credentials")), [](const QJsonObject &b) {
                for (auto it = b.constBegin(); it != b.constEnd(); ++it) {
                    const QJsonObject c = it.value().toObject();
                    std::printf("%-28s %s %s\n", qPrintable(it.key()),
                        c.value(QStringLiteral("set")).toBool() ? "set" : "not set",
                        qPrintable(c.value(QStringLiteral("hint")).toString()));
                }
            });
        if (args.size() == 2 && args[1] == u"wipe")
            return show(client.call("DELETE", QStringLiteral("/api/credentials")), [](const QJsonObject &b) {
                std::printf("wiped from the keychain: %s\n", qPrintable(listed(b.value(QStringLiteral("wiped")))));
                std::printf("SSH keys taken off the Vast.ai account: %d\n",
                    b.value(QStringLiteral("account_keys_removed")).toInt());
                std::printf("kept: %s (without it no snapshot can be read)\n",
                    qPrintable(listed(b.value(QStringLiteral("kept")))));
            });
        if (args.size() == 2 && args[1] == u"check")
            return show(client.call("POST", QStringLiteral("/api/credentials/check"), {}, QJsonObject {}),
                [](const QJsonObject &b) {
                    const QJsonObject vast = b.value(QStringLiteral("vast")).toObject();
                    if (!vast.isEmpty())
                        std::printf("vast.ai: key accepted (%s, credit %.2f)\n",
                            qPrintable(vast.value(QStringLiteral("email")).toString()),
                            vast.value(QStringLiteral("credit")).toDouble());
                    const QJsonObject gcp = b.value(QStringLiteral("gcp")).toObject();
                    if (!gcp.isEmpty())
                        std::printf("gcp: %s may use Compute Engine in project %s\n",
                            qPrintable(gcp.value(QStringLiteral("client_email")).toString()),
                            qPrintable(gcp.value(QStringLiteral("project")).toString()));
                    const QJsonObject snap = b.value(QStringLiteral("snapshots")).toObject();
                    if (!snap.isEmpty())
                        std::printf("snapshots: %s: %s\n",
                            qPrintable(snap.value(QStringLiteral("repository")).toString()),
                            qPrintable(snap.value(QStringLiteral("checked")).toBool()
                                    ? snap.value(QStringLiteral("note")).toString()
                                    : QStringLiteral("not checked: ")
                                        + snap.value(QStringLiteral("reason")).toString()));
                    if (vast.isEmpty() && gcp.isEmpty() && snap.isEmpty())
                        std::printf("no key is saved: nothing to check\n");
                });
        if (args.size() != 3 || args[1] != u"set") {
            std::fprintf(stderr,
                "gpufailoverctl: credentials | credentials set NAME < value | credentials check | credentials wipe\n");
            return Usage;
        }
        // From stdin: a secret on the command line would be in the shell's history and in ps.
        QFile in;
        if (!in.open(stdin, QIODevice::ReadOnly))
            return Usage;
        const QString value = QString::fromUtf8(in.readAll()).trimmed();
        if (value.isEmpty()) {
            std::fprintf(stderr, "gpufailoverctl: no value on standard input\n");
            return Usage;
        }
        return show(client.call("PUT", QStringLiteral("/api/credentials"), {}, QJsonObject { { args[2], value } }),
            [](const QJsonObject &b) {
                std::printf("saved to the keychain: %s\n",
                    qPrintable(QString::fromUtf8(
                        QJsonDocument(b.value(QStringLiteral("saved")).toArray()).toJson(QJsonDocument::Compact))));
            });
    }
    if (command == u"metrics") {
        const Reply r = client.call("GET", QStringLiteral("/metrics"));
        if (r.status != 200)
            return fail(r);
        std::printf("%s", qPrintable(r.body.value(QStringLiteral("text")).toString()));
        return Ok;
    }
    std::fprintf(stderr, "gpufailoverctl: unknown command %s (see --help)\n", qPrintable(command));
    return Usage;
}
