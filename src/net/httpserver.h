#pragma once

#include <QAbstractHttpServer>
#include <QByteArray>
#include <QHash>
#include <QHostAddress>
#include <QList>
#include <QUrlQuery>

#include <functional>

namespace gpufailover {

class Clock;

struct HttpRequest
{
    QByteArray method;
    QString path;
    QUrlQuery query;
    QHash<QByteArray, QByteArray> headers; // lower-case names
    QByteArray body;
    QHostAddress peer;
};

// An answer, including the ways real services misbehave (the simulator uses those).
struct HttpReply
{
    enum class Mode {
        Normal,
        Hang, // accept the request, never answer (a dead load balancer)
        Drop, // close the connection without an answer
        EndlessBody, // send headers and a little body, then nothing, forever
    };
    int status = 200;
    QByteArray body;
    QByteArray contentType = QByteArrayLiteral("application/json");
    Mode mode = Mode::Normal;
    qint64 delayMs = 0; // simulated ms before answering

    QList<QPair<QByteArray, QByteArray>> headers; // extra response headers

    static HttpReply json(int status, const QByteArray &body);
};

// An HTTP server whose requests Qt parses and whose answers we write to the socket ourselves:
// answers can come later (asynchronous handlers) or be delayed, hung or dropped (the simulator),
// and a client that went away in the meantime is simply not answered.
class HttpServer final : public QAbstractHttpServer
{
    Q_OBJECT
public:
    using Respond = std::function<void(const HttpReply &)>;
    // Called for every request; answers through `respond`, now or later (at most once).
    using AsyncHandler = std::function<void(const HttpRequest &, Respond respond)>;
    using Handler = std::function<HttpReply(const HttpRequest &)>;

    HttpServer(Clock *clock, Handler handler, QObject *parent = nullptr);
    HttpServer(Clock *clock, AsyncHandler handler, QObject *parent = nullptr);

protected:
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override;
    void missingHandler(const QHttpServerRequest &request, QTcpSocket *socket) override;

private:
    void write(QTcpSocket *socket, const HttpReply &reply);
    void deliver(QTcpSocket *socket, const HttpReply &reply);

    Clock *m_clock;
    AsyncHandler m_handler;
};

} // namespace gpufailover
