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

struct SimRequest
{
    QByteArray method;
    QString path;
    QUrlQuery query;
    QHash<QByteArray, QByteArray> headers; // lower-case names
    QByteArray body;
};

// What the simulator answers, including the ways real services misbehave.
struct SimReply
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

    static SimReply json(int status, const QByteArray &body);
};

// An HTTP server whose requests Qt parses and whose answers we write to the socket ourselves, so
// the simulator can delay, hang or drop them like a real overloaded API would.
class SimHttpServer final : public QAbstractHttpServer
{
    Q_OBJECT
public:
    using Handler = std::function<SimReply(const SimRequest &)>;

    SimHttpServer(Clock *clock, Handler handler, QObject *parent = nullptr);

protected:
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override;
    void missingHandler(const QHttpServerRequest &request, QTcpSocket *socket) override;

private:
    void write(QTcpSocket *socket, const SimReply &reply);

    Clock *m_clock;
    Handler m_handler;
};

} // namespace gpufailover
