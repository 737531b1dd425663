// libFuzzer target: the local REST API's handling of a request after Qt has parsed the HTTP:
// the token and Host checks, routing, query and body parsing and validation. Input: the first
// byte chooses whether the request carries the right token and a loopback Host; then
// "METHOD PATH?QUERY\n", header lines "name: value\n", a blank line, and the body.
#include "api/apiserver.h"
#include "core/clock.h"
#include "core/journal.h"
#include "core/redactor.h"
#include "core/secretstore.h"
#include "core/settings.h"

#include <QCoreApplication>
#include <QProcessEnvironment>
#include <QTemporaryDir>
#include <QUrl>

#include <cstddef>
#include <cstdint>
#include <memory>

using namespace gpufailover;

namespace {

const QString kToken = QStringLiteral("fuzz-token-0123456789abcdef0123456789abcdef");

struct World
{
    std::unique_ptr<QCoreApplication> app;
    QTemporaryDir dir {};
    SystemClock clock { 1.0 };
    Redactor redactor {};
    std::unique_ptr<Settings> settings;
    std::unique_ptr<Journal> journal;
    std::unique_ptr<InMemorySecretStore> secrets;
    std::unique_ptr<ApiServer> api;
};

World *world = nullptr;

} // namespace

extern "C" int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    // Never destroyed: at exit Qt's own globals (the SQL connections) go first, and a journal
    // closed after them would crash the harness, not the product.
    auto *w = new World;
    w->app = std::make_unique<QCoreApplication>(*argc, *argv);
    w->settings = std::make_unique<Settings>(w->dir.filePath(QStringLiteral("config")), QProcessEnvironment());
    w->journal = std::move(Journal::open(w->dir.filePath(QStringLiteral("journal.sqlite")), &w->clock)).value();
    w->secrets = std::make_unique<InMemorySecretStore>(&w->redactor);
    ApiServer::Services s;
    s.journal = w->journal.get();
    s.settings = w->settings.get();
    s.clock = &w->clock;
    s.secrets = w->secrets.get(); // the credential routes too (no checker: a check answers 503)
    w->api = std::make_unique<ApiServer>(s, kToken);
    world = w;
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    const bool authorized = data[0] & 1;
    const QByteArray in(reinterpret_cast<const char *>(data) + 1, qsizetype(size - 1));
    const qsizetype headEnd = in.indexOf("\n\n");
    const QByteArray head = headEnd < 0 ? in : in.left(headEnd);
    HttpRequest r;
    r.body = headEnd < 0 ? QByteArray() : in.mid(headEnd + 2);
    const QList<QByteArray> lines = head.split('\n');
    const QList<QByteArray> requestLine = lines.value(0).split(' ');
    r.method = requestLine.value(0);
    const QUrl url(QString::fromUtf8(requestLine.value(1)));
    r.path = url.path();
    r.query = QUrlQuery(url.query());
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const qsizetype colon = lines[i].indexOf(':');
        if (colon > 0)
            r.headers.insert(lines[i].left(colon).trimmed().toLower(), lines[i].mid(colon + 1).trimmed());
    }
    if (authorized) {
        r.headers.insert("authorization", "Bearer " + kToken.toLatin1());
        r.headers.insert("host", "127.0.0.1:47615");
    }
    r.peer = QHostAddress::LocalHost;
    bool answered = false;
    world->api->handle(r, [&answered](const HttpReply &reply) {
        answered = true;
        // Every answer is an HTTP status and, for errors, a JSON problem.
        if (reply.status < 100 || reply.status > 599)
            __builtin_trap();
    });
    // Some routes answer from a callback (the keychain's): let the loop run them. None may stay
    // silent.
    for (int i = 0; i < 100 && !answered; ++i)
        QCoreApplication::processEvents();
    if (!answered)
        __builtin_trap();
    return 0;
}
