#include "gui/enginelink.h"

#include <QJsonDocument>
#include <QNetworkReply>
#include <QUrlQuery>

namespace gpufailover {

EngineLink::EngineLink(int port, QString token, QObject *parent)
    : QObject(parent)
    , m_port(port)
    , m_token(std::move(token))
{
    connect(&m_timer, &QTimer::timeout, this, &EngineLink::refresh);
}

void EngineLink::start(int intervalMs)
{
    m_timer.start(intervalMs);
    refresh();
}

void EngineLink::send(const QByteArray &method, const QString &path, const QJsonObject &body,
    std::function<void(int, const QJsonObject &, const QString &)> done)
{
    QNetworkRequest request(QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(m_port).arg(path)));
    // The token goes in a header, never in the URL (URLs end up in logs).
    request.setRawHeader("Authorization", "Bearer " + m_token.toLatin1());
    request.setHeader(QNetworkRequest::UserAgentHeader, QByteArrayLiteral("gpufailover-gui"));
    // Polls are quick; an action answers when it is done (a wake starts an instance: a minute).
    request.setTransferTimeout(method == "GET" ? 5000 : 600000);
    QNetworkReply *reply = nullptr;
    if (method == "GET") {
        reply = m_nam.get(request);
    } else {
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        reply = m_nam.sendCustomRequest(request, method, QJsonDocument(body).toJson(QJsonDocument::Compact));
    }
    connect(reply, &QNetworkReply::finished, this, [reply, done = std::move(done)] {
        reply->deleteLater();
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const QJsonObject answer = QJsonDocument::fromJson(reply->readAll()).object();
        // An HTTP error status still carries the API's problem body; only no answer is unreachable.
        done(status, answer, status == 0 ? reply->errorString() : QString());
    });
}

void EngineLink::refresh()
{
    send("GET", QStringLiteral("/api/pools"), {}, [this](int status, const QJsonObject &body, const QString &error) {
        if (status != 200)
            return Q_EMIT unreachable(error.isEmpty() ? body.value(QStringLiteral("message")).toString() : error);
        Q_EMIT reachable();
        Q_EMIT poolsChanged(body.value(QStringLiteral("pools")).toArray());
    });
    send("GET", QStringLiteral("/api/costs"), {}, [this](int status, const QJsonObject &body, const QString &) {
        if (status == 200)
            Q_EMIT costsChanged(body);
    });
    fetchEvents();
}

void EngineLink::fetchEvents()
{
    if (m_fetchingEvents)
        return;
    m_fetchingEvents = true;
    QUrlQuery q;
    q.addQueryItem(QStringLiteral("limit"), QStringLiteral("1000"));
    if (m_lastEventId < 0)
        q.addQueryItem(QStringLiteral("order"), QStringLiteral("newest")); // the recent history first
    else
        q.addQueryItem(QStringLiteral("after"), QString::number(m_lastEventId));
    send("GET", QStringLiteral("/api/events?") + q.toString(QUrl::FullyEncoded), {},
        [this](int status, const QJsonObject &body, const QString &) {
            m_fetchingEvents = false;
            if (status != 200)
                return;
            QJsonArray events = body.value(QStringLiteral("events")).toArray();
            if (m_lastEventId < 0) {
                QJsonArray oldestFirst;
                for (qsizetype i = events.size() - 1; i >= 0; --i)
                    oldestFirst.append(events.at(i));
                events = oldestFirst;
                m_lastEventId = 0;
            }
            if (events.isEmpty())
                return;
            m_lastEventId = qint64(events.last().toObject().value(QStringLiteral("id")).toDouble());
            Q_EMIT eventsArrived(events);
            if (events.size() == 1000)
                fetchEvents(); // more are waiting
        });
}

void EngineLink::act(const QByteArray &method, const QString &path, const QString &what, const QJsonObject &body)
{
    send(method, path, body, [this, what](int status, const QJsonObject &answer, const QString &error) {
        const bool ok = status >= 200 && status < 300;
        Q_EMIT actionDone(
            what, ok, ok ? QString() : (error.isEmpty() ? answer.value(QStringLiteral("message")).toString() : error));
        refresh();
    });
}

void EngineLink::drill(const QString &pool)
{
    act("POST", QStringLiteral("/api/warmpool/failover/test?pool=%1").arg(pool), QStringLiteral("drill"));
}

void EngineLink::setAutomationPaused(const QString &pool, bool paused)
{
    const QString what = paused ? QStringLiteral("pause") : QStringLiteral("resume");
    act("POST", QStringLiteral("/api/pools/%1/%2").arg(pool, what), what);
}

void EngineLink::setHibernated(const QString &pool, bool hibernated)
{
    const QString what = hibernated ? QStringLiteral("hibernate") : QStringLiteral("wake");
    act("POST", QStringLiteral("/api/pools/%1/%2").arg(pool, what), what);
}

void EngineLink::takeSnapshot(const QString &pool)
{
    act("POST", QStringLiteral("/api/pools/%1/snapshots/take").arg(pool), QStringLiteral("snapshot"));
}

void EngineLink::destroyPool(const QString &pool)
{
    // The API destroys in two steps (it answers the first with a confirmation token); the user
    // has already confirmed in the dialog.
    send("DELETE", QStringLiteral("/api/pools/%1").arg(pool), {},
        [this, pool](int status, const QJsonObject &answer, const QString &error) {
            const QString confirm = answer.value(QStringLiteral("confirm")).toString();
            if (status != 409 || confirm.isEmpty()) {
                Q_EMIT actionDone(QStringLiteral("destroy"), false,
                    error.isEmpty() ? answer.value(QStringLiteral("message")).toString() : error);
                return;
            }
            act("DELETE",
                QStringLiteral("/api/pools/%1?confirm=%2")
                    .arg(pool, QString::fromLatin1(QUrl::toPercentEncoding(confirm))),
                QStringLiteral("destroy"));
        });
}

void EngineLink::createPool(const QJsonObject &config)
{
    act("POST", QStringLiteral("/api/pools"), QStringLiteral("create"), config);
}

void EngineLink::call(const QByteArray &method, const QString &path, const QJsonObject &body,
    std::function<void(int, const QJsonObject &)> done)
{
    send(method, path, body, [done = std::move(done)](int status, const QJsonObject &answer, const QString &error) {
        done(status, status == 0 ? QJsonObject { { QStringLiteral("message"), error } } : answer);
    });
}

} // namespace gpufailover
