#pragma once

#include "core/result.h"

#include <QHash>
#include <QObject>
#include <QRandomGenerator>
#include <QString>

#include <memory>

class QTcpServer;
class QTcpSocket;

namespace gpufailover {

// A degraded network path to one TCP service, as a bad link has it ("netem 3±1 s delay, 20 % loss"):
// a relay on 127.0.0.1 that holds every chunk, each way, for delay ± jitter (uniform, order kept),
// while nftables drops `lossPct` % of the packets to and from the relay's port at random, so the
// kernel's TCP really retransmits. It stands in for tc netem where the kernel has no sch_netem
// (as on this project's CI machine). Loss needs root (nftables); delay alone does not.
class SlowLink final : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        QString targetHost = QStringLiteral("127.0.0.1");
        int targetPort = 0;
        int delayMs = 150;
        int jitterMs = 50;
        int lossPct = 0;
        quint32 seed = 1;
    };

    explicit SlowLink(Options options, QObject *parent = nullptr);
    ~SlowLink() override;

    Status start();
    int port() const { return m_port; }
    int connections() const { return m_connections; }

private:
    struct Direction
    {
        qint64 releaseAtMs = 0; // chunks leave in order: never before the one ahead of them
    };
    void accept();
    void relay(QTcpSocket *from, QTcpSocket *to, std::shared_ptr<Direction> direction);
    Status setLoss(bool on);

    Options m_options;
    QTcpServer *m_server = nullptr;
    QRandomGenerator m_random;
    int m_port = 0;
    int m_connections = 0;
    bool m_lossRules = false;
};

} // namespace gpufailover
