#include "sim/simhttpserver.h"

#include "core/clock.h"

#include <QHttpServerRequest>
#include <QPointer>
#include <QTcpSocket>

namespace gpufailover {
namespace {

QByteArray methodName(QHttpServerRequest::Method m)
{
    switch (m) {
    case QHttpServerRequest::Method::Get:
        return "GET";
    case QHttpServerRequest::Method::Put:
        return "PUT";
    case QHttpServerRequest::Method::Delete:
        return "DELETE";
    case QHttpServerRequest::Method::Post:
        return "POST";
    case QHttpServerRequest::Method::Head:
        return "HEAD";
    case QHttpServerRequest::Method::Options:
        return "OPTIONS";
    case QHttpServerRequest::Method::Patch:
        return "PATCH";
    default:
        return "UNKNOWN";
    }
}

QByteArray reason(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 410:
        return "Gone";
    case 411:
        return "Length Required";
    case 429:
        return "Too Many Requests";
    case 500:
        return "Internal Server Error";
    case 502:
        return "Bad Gateway";
    case 503:
        return "Service Unavailable";
    case 504:
        return "Gateway Timeout";
    default:
        return "Status";
    }
}

} // namespace

SimReply SimReply::json(int status, const QByteArray &body)
{
    SimReply r;
    r.status = status;
    r.body = body;
    return r;
}

SimHttpServer::SimHttpServer(Clock *clock, Handler handler, QObject *parent)
    : QAbstractHttpServer(parent)
    , m_clock(clock)
    , m_handler(std::move(handler))
{ }

bool SimHttpServer::handleRequest(const QHttpServerRequest &request, QTcpSocket *socket)
{
    SimRequest r;
    r.method = methodName(request.method());
    r.path = request.url().path();
    r.query = request.query();
    for (const auto &h : request.headers())
        r.headers.insert(h.first.toLower(), h.second);
    r.body = request.body();
    const SimReply reply = m_handler(r);

    if (reply.delayMs <= 0) {
        write(socket, reply);
        return true;
    }
    QPointer<QTcpSocket> guard(socket);
    auto timer = m_clock->createTimer(this);
    timer->setSingleShot(true);
    ClockTimer *raw = timer.release();
    connect(raw, &ClockTimer::timeout, this, [this, raw, guard, reply] {
        raw->deleteLater();
        if (guard) // the client may have given up meanwhile
            write(guard, reply);
    });
    raw->start(reply.delayMs);
    return true;
}

void SimHttpServer::missingHandler(const QHttpServerRequest &, QTcpSocket *socket)
{
    write(socket, SimReply::json(404, R"({"success":false,"error":"not_found","msg":"no such endpoint"})"));
}

void SimHttpServer::write(QTcpSocket *socket, const SimReply &reply)
{
    switch (reply.mode) {
    case SimReply::Mode::Hang:
        return;
    case SimReply::Mode::Drop:
        socket->abort();
        return;
    case SimReply::Mode::EndlessBody:
        socket->write(
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000000000\r\n\r\n{\"offers\":[");
        return;
    case SimReply::Mode::Normal:
        break;
    }
    QByteArray head = "HTTP/1.1 " + QByteArray::number(reply.status) + ' ' + reason(reply.status) + "\r\n";
    head += "Content-Type: " + reply.contentType + "\r\n";
    head += "Content-Length: " + QByteArray::number(reply.body.size()) + "\r\n";
    head += "Connection: keep-alive\r\n\r\n";
    socket->write(head);
    socket->write(reply.body);
}

} // namespace gpufailover
