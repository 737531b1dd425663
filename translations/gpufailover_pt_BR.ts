<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="pt_BR">
<context>
    <name>CredentialsPage</name>
    <message>
        <source>Service account key</source>
        <translation>Chave da conta de serviço</translation>
    </message>
    <message>
        <source>JSON key (*.json)</source>
        <translation>Chave JSON (*.json)</translation>
    </message>
    <message>
        <source>The engine cannot be asked: %1</source>
        <translation>Não foi possível consultar o motor: %1</translation>
    </message>
    <message>
        <source>saved (%1); type a new one to replace it</source>
        <translation>salva (%1); digite uma nova para substituir</translation>
    </message>
    <message>
        <source>A Vast.ai key is saved in the keychain.</source>
        <translation>Há uma chave da Vast.ai salva no chaveiro.</translation>
    </message>
    <message>
        <source>Saved: service account %1.</source>
        <translation>Salva: conta de serviço %1.</translation>
    </message>
    <message>
        <source>Saving to the keychain…</source>
        <translation>Salvando no chaveiro…</translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>Não foi salvo: %1</translation>
    </message>
    <message>
        <source>Saved to the keychain.</source>
        <translation>Salvo no chaveiro.</translation>
    </message>
    <message>
        <source>Asking Vast.ai…</source>
        <translation>Consultando a Vast.ai…</translation>
    </message>
    <message>
        <source>Key accepted. Credit: %1.</source>
        <translation>Chave aceita. Crédito: %1.</translation>
    </message>
    <message>
        <source>Key refused: %1</source>
        <translation>Chave recusada: %1</translation>
    </message>
    <message>
        <source>Asking GCP about the service account…</source>
        <translation>Consultando o GCP sobre a conta de serviço…</translation>
    </message>
</context>
<context>
    <name>Format</name>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 min</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 h %2 min</translation>
    </message>
    <message>
        <source>%1 d %2 h</source>
        <translation>%1 d %2 h</translation>
    </message>
    <message>
        <source>$%1</source>
        <translation>US$ %1</translation>
    </message>
</context>
<context>
    <name>HostPage</name>
    <message>
        <source>Searching the offers…</source>
        <translation>Buscando ofertas…</translation>
    </message>
    <message>
        <source>No offers: %1</source>
        <translation>Sem ofertas: %1</translation>
    </message>
    <message>
        <source>No machine has room right now; try another GPU model.</source>
        <translation>Nenhuma máquina tem espaço agora; tente outro modelo de GPU.</translation>
    </message>
    <message numerus="yes">
        <source>%n machine(s) found.</source>
        <translation>
            <numerusform>%n máquina encontrada.</numerusform>
            <numerusform>%n máquinas encontradas.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>GPU Failover</source>
        <translation>GPU Failover</translation>
    </message>
    <message>
        <source>Views</source>
        <translation>Visões</translation>
    </message>
    <message>
        <source>&amp;Pools</source>
        <translation>&amp;Pools</translation>
    </message>
    <message>
        <source>Totals</source>
        <translation>Totais</translation>
    </message>
    <message>
        <source>Pools</source>
        <translation>Pools</translation>
    </message>
    <message>
        <source>No pool yet. Choose Provision to protect a GPU workload.</source>
        <translation>Nenhum pool ainda. Escolha Provisionar para proteger uma carga de trabalho em GPU.</translation>
    </message>
    <message>
        <source>&amp;Events</source>
        <translation>&amp;Eventos</translation>
    </message>
    <message>
        <source>&amp;Show:</source>
        <translation>&amp;Mostrar:</translation>
    </message>
    <message>
        <source>Event kind filter</source>
        <translation>Filtro por tipo de evento</translation>
    </message>
    <message>
        <source>Search events…</source>
        <translation>Buscar eventos…</translation>
    </message>
    <message>
        <source>Search events</source>
        <translation>Buscar eventos</translation>
    </message>
    <message>
        <source>Events</source>
        <translation>Eventos</translation>
    </message>
    <message>
        <source>&amp;Charts</source>
        <translation>&amp;Gráficos</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Arquivo</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Idioma</translation>
    </message>
    <message>
        <source>Actions</source>
        <translation>Ações</translation>
    </message>
    <message>
        <source>&amp;Provision…</source>
        <translation>&amp;Provisionar…</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>&amp;Configurações…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Sair</translation>
    </message>
    <message>
        <source>Ctrl+Q</source>
        <translation>Ctrl+Q</translation>
    </message>
    <message>
        <source>P&amp;ause automation</source>
        <translation>P&amp;ausar automação</translation>
    </message>
    <message>
        <source>Failover &amp;drill</source>
        <translation>&amp;Simulação de failover</translation>
    </message>
    <message>
        <source>&amp;New pool (saved choices)</source>
        <translation>&amp;Novo pool (escolhas salvas)</translation>
    </message>
    <message>
        <source>A new pool with the choices the wizard remembered, on the best host found</source>
        <translation>Um novo pool com as escolhas que o assistente guardou, no melhor host encontrado</translation>
    </message>
</context>
<context>
    <name>OptionsPage</name>
    <message>
        <source>None</source>
        <translation>Nenhum</translation>
    </message>
    <message>
        <source>Backblaze B2</source>
        <translation>Backblaze B2</translation>
    </message>
    <message>
        <source>Cloudflare R2</source>
        <translation>Cloudflare R2</translation>
    </message>
    <message>
        <source>Cloudflare &amp;account id</source>
        <translation>&amp;ID da conta Cloudflare</translation>
    </message>
    <message>
        <source>Bucket &amp;region</source>
        <translation>&amp;Região do bucket</translation>
    </message>
    <message>
        <source>the 32 characters after dash.cloudflare.com/</source>
        <translation>os 32 caracteres depois de dash.cloudflare.com/</translation>
    </message>
    <message>
        <source>No start command: after a failover the new primary holds your /workspace, but nothing runs until you start it.</source>
        <translation>Sem comando de início: depois de um failover a nova primária tem o seu /workspace, mas nada roda até você iniciar.</translation>
    </message>
    <message>
        <source>The start command runs on each new primary once it holds the volume.</source>
        <translation>O comando de início roda em cada nova primária assim que ela tem o volume.</translation>
    </message>
    <message>
        <source>CA certificate of the store</source>
        <translation>Certificado da CA do armazenamento</translation>
    </message>
    <message>
        <source>PEM certificate (*.pem *.crt);;All files (*)</source>
        <translation>Certificado PEM (*.pem *.crt);;Todos os arquivos (*)</translation>
    </message>
    <message>
        <source>Self-hosted S3 store (MinIO, Ceph…)</source>
        <translation>Armazenamento S3 próprio (MinIO, Ceph…)</translation>
    </message>
    <message>
        <source>End&amp;point</source>
        <translation>End&amp;point</translation>
    </message>
</context>
<context>
    <name>PoolCard</name>
    <message>
        <source>Protection</source>
        <translation>Proteção</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>Motivo</translation>
    </message>
    <message>
        <source>Primary GPU</source>
        <translation>GPU primária</translation>
    </message>
    <message>
        <source>Standby GPU</source>
        <translation>GPU standby</translation>
    </message>
    <message>
        <source>CPU standby</source>
        <translation>Standby de CPU</translation>
    </message>
    <message>
        <source>Loss window</source>
        <translation>Janela de perda</translation>
    </message>
    <message>
        <source>Verified restore point</source>
        <translation>Ponto de restauração verificado</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>Custo</translation>
    </message>
    <message>
        <source>Failover &amp;drill</source>
        <translation>&amp;Simulação de failover</translation>
    </message>
    <message>
        <source>Failover drill</source>
        <translation>Simulação de failover</translation>
    </message>
    <message>
        <source>&amp;Pause automation</source>
        <translation>&amp;Pausar automação</translation>
    </message>
    <message>
        <source>Pause automation</source>
        <translation>Pausar automação</translation>
    </message>
    <message>
        <source>&amp;Hibernate</source>
        <translation>&amp;Hibernar</translation>
    </message>
    <message>
        <source>Hibernate or wake</source>
        <translation>Hibernar ou acordar</translation>
    </message>
    <message>
        <source>&amp;Snapshot now</source>
        <translation>Snaps&amp;hot agora</translation>
    </message>
    <message>
        <source>Snapshot now</source>
        <translation>Snapshot agora</translation>
    </message>
    <message>
        <source>Destroy…</source>
        <translation>Destruir…</translation>
    </message>
    <message>
        <source>Destroy pool</source>
        <translation>Destruir pool</translation>
    </message>
</context>
<context>
    <name>ProgressPage</name>
    <message>
        <source>Asking the engine to create pool %1…</source>
        <translation>Pedindo ao motor para criar o pool %1…</translation>
    </message>
    <message>
        <source>The engine refused the pool: %1</source>
        <translation>O motor recusou o pool: %1</translation>
    </message>
    <message>
        <source>Pool created; renting on machine %1.</source>
        <translation>Pool criado; alugando na máquina %1.</translation>
    </message>
    <message>
        <source>The snapshot settings were refused: %1</source>
        <translation>As configurações de snapshot foram recusadas: %1</translation>
    </message>
    <message>
        <source>Pool %1 is active and protected.</source>
        <translation>O pool %1 está ativo e protegido.</translation>
    </message>
    <message>
        <source>Provisioning failed: %1</source>
        <translation>O provisionamento falhou: %1</translation>
    </message>
    <message>
        <source>Step %1 begins</source>
        <translation>Etapa %1 começou</translation>
    </message>
    <message>
        <source>Step %1 done</source>
        <translation>Etapa %1 concluída</translation>
    </message>
    <message>
        <source>Step %1 failed: %2</source>
        <translation>Etapa %1 falhou: %2</translation>
    </message>
</context>
<context>
    <name>Protection</name>
    <message>
        <source>Protected</source>
        <translation>Protegido</translation>
    </message>
    <message>
        <source>Attention</source>
        <translation>Atenção</translation>
    </message>
    <message>
        <source>At risk</source>
        <translation>Em risco</translation>
    </message>
    <message>
        <source>The CPU standby serves your endpoint while a new GPU is restored.</source>
        <translation>A standby de CPU atende seu endpoint enquanto uma nova GPU é restaurada.</translation>
    </message>
    <message>
        <source>Not protected: %1</source>
        <translation>Sem proteção: %1</translation>
    </message>
    <message>
        <source>Disabled: nothing watches this pool.</source>
        <translation>Desativado: nada está vigiando este pool.</translation>
    </message>
    <message>
        <source>Failing over: %1</source>
        <translation>Em failover: %1</translation>
    </message>
    <message>
        <source>Being set up: %1</source>
        <translation>Em preparação: %1</translation>
    </message>
    <message>
        <source>Hibernated: the GPU is stopped and its data waits on the volume.</source>
        <translation>Hibernado: a GPU está parada e os dados aguardam no volume.</translation>
    </message>
    <message>
        <source>Automation paused: a failure would not be recovered.</source>
        <translation>Automação pausada: uma falha não seria recuperada.</translation>
    </message>
    <message>
        <source>No standby ready: %1</source>
        <translation>Nenhuma standby pronta: %1</translation>
    </message>
    <message>
        <source>The snapshot repository failed its last check.</source>
        <translation>O repositório de snapshots falhou na última verificação.</translation>
    </message>
    <message>
        <source>Standby ready on the same host.</source>
        <translation>Standby pronta no mesmo host.</translation>
    </message>
    <message>
        <source>Checking the standby.</source>
        <translation>Verificando a standby.</translation>
    </message>
    <message>
        <source>disabled</source>
        <translation>desativado</translation>
    </message>
    <message>
        <source>searching</source>
        <translation>procurando</translation>
    </message>
    <message>
        <source>provisioning</source>
        <translation>provisionando</translation>
    </message>
    <message>
        <source>active</source>
        <translation>ativo</translation>
    </message>
    <message>
        <source>failover</source>
        <translation>em failover</translation>
    </message>
    <message>
        <source>degraded</source>
        <translation>degradado</translation>
    </message>
    <message>
        <source>paused</source>
        <translation>pausado</translation>
    </message>
    <message>
        <source>hibernated</source>
        <translation>hibernado</translation>
    </message>
</context>
<context>
    <name>ReviewPage</name>
    <message>
        <source>Pool %1: two %2 on machine %3 sharing a %4 GB volume, image %5.</source>
        <translation>Pool %1: duas %2 na máquina %3 compartilhando um volume de %4 GB, imagem %5.</translation>
    </message>
    <message>
        <source>GPU running</source>
        <translation>GPU ligada</translation>
    </message>
    <message>
        <source>Standby storage</source>
        <translation>Armazenamento da standby</translation>
    </message>
    <message>
        <source>Volume</source>
        <translation>Volume</translation>
    </message>
    <message>
        <source>Object storage</source>
        <translation>Armazenamento de objetos</translation>
    </message>
    <message>
        <source>Part</source>
        <translation>Item</translation>
    </message>
    <message>
        <source>Per month</source>
        <translation>Por mês</translation>
    </message>
    <message>
        <source>Protection costs %1 a month as a warm standby, against %2 for a CPU standby VM kept running.</source>
        <translation>A proteção custa %1 por mês como standby quente, contra %2 de uma VM de CPU sempre ligada.</translation>
    </message>
    <message>
        <source>CPU VM (only while it stands in: at most)</source>
        <translation>VM de CPU (só enquanto substitui a GPU: no máximo)</translation>
    </message>
    <message>
        <source>Total a month (at most)</source>
        <translation>Total por mês (no máximo)</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>Configurações</translation>
    </message>
    <message>
        <source>Health and failover (applied at once to every pool)</source>
        <translation>Saúde e failover (aplicado na hora a todos os pools)</translation>
    </message>
    <message>
        <source>Health check &amp;every</source>
        <translation>Verificar a saúde a &amp;cada</translation>
    </message>
    <message>
        <source>Seconds between health checks</source>
        <translation>Segundos entre verificações de saúde</translation>
    </message>
    <message>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <source>&amp;Failed checks before dead</source>
        <translation>&amp;Falhas seguidas até declarar morta</translation>
    </message>
    <message>
        <source>Consecutive failed checks before an instance is declared dead</source>
        <translation>Verificações falhas seguidas até uma instância ser declarada morta</translation>
    </message>
    <message>
        <source>Probe &amp;timeout</source>
        <translation>&amp;Tempo limite da sonda</translation>
    </message>
    <message>
        <source>Seconds a probe may take</source>
        <translation>Segundos que uma sonda pode levar</translation>
    </message>
    <message>
        <source>&amp;Fence deadline</source>
        <translation>Prazo do &amp;isolamento</translation>
    </message>
    <message>
        <source>Seconds to wait for the old primary to stop</source>
        <translation>Segundos de espera até a primária antiga parar</translation>
    </message>
    <message>
        <source>Standby &amp;start deadline</source>
        <translation>Prazo para a standby &amp;ligar</translation>
    </message>
    <message>
        <source>Seconds to wait for the standby to run</source>
        <translation>Segundos de espera até a standby rodar</translation>
    </message>
    <message>
        <source>Copies</source>
        <translation>Cópias</translation>
    </message>
    <message>
        <source>CPU standby s&amp;ync every (next start)</source>
        <translation>Sincronizar a standby de CPU a cada (próximo início)</translation>
    </message>
    <message>
        <source>Seconds between syncs to the CPU standby</source>
        <translation>Segundos entre sincronizações com a standby de CPU</translation>
    </message>
    <message>
        <source>Snapshot e&amp;very (next start)</source>
        <translation>Snapshot a ca&amp;da (próximo início)</translation>
    </message>
    <message>
        <source>Minutes between snapshots</source>
        <translation>Minutos entre snapshots</translation>
    </message>
    <message>
        <source> min</source>
        <translation> min</translation>
    </message>
    <message>
        <source>&amp;Keep the last</source>
        <translation>&amp;Manter os últimos</translation>
    </message>
    <message>
        <source>Snapshots always kept</source>
        <translation>Snapshots sempre mantidos</translation>
    </message>
    <message>
        <source>Keep &amp;daily</source>
        <translation>Manter &amp;diários</translation>
    </message>
    <message>
        <source>Daily snapshots kept</source>
        <translation>Snapshots diários mantidos</translation>
    </message>
    <message>
        <source>Restore &amp;drill every</source>
        <translation>Simulação de &amp;restauração a cada</translation>
    </message>
    <message>
        <source>A restore drill after every Nth snapshot (0: on demand)</source>
        <translation>Uma simulação de restauração a cada N snapshots (0: sob demanda)</translation>
    </message>
    <message>
        <source>Budget, notifications and interface</source>
        <translation>Orçamento, notificações e interface</translation>
    </message>
    <message>
        <source>Monthly &amp;budget, all pools</source>
        <translation>&amp;Orçamento mensal, todos os pools</translation>
    </message>
    <message>
        <source>Monthly budget for all pools in dollars</source>
        <translation>Orçamento mensal de todos os pools, em dólares</translation>
    </message>
    <message>
        <source>$ </source>
        <translation>US$ </translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Idioma</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Idioma</translation>
    </message>
    <message>
        <source>Local &amp;API port (next start)</source>
        <translation>Porta da &amp;API local (próximo início)</translation>
    </message>
    <message>
        <source>Port of the local REST API</source>
        <translation>Porta da API REST local</translation>
    </message>
    <message>
        <source>&amp;Notify me of</source>
        <translation>&amp;Notificar sobre</translation>
    </message>
    <message>
        <source>Alerts that make a desktop notification</source>
        <translation>Alertas que geram notificação na área de trabalho</translation>
    </message>
</context>
<context>
    <name>StrategyPage</name>
    <message>
        <source>GPU Failover first looks for a host with two free GPUs: one works, the other waits stopped on the same volume and takes over in about a minute. Where no host has room for two, a cheap Google Cloud VM keeps a copy of /workspace and serves while a new GPU is found elsewhere.</source>
        <translation>O GPU Failover procura primeiro um host com duas GPUs livres: uma trabalha e a outra espera parada no mesmo volume, assumindo em cerca de um minuto. Quando nenhum host tem espaço para duas, uma VM barata no Google Cloud guarda uma cópia de /workspace e atende enquanto uma nova GPU é encontrada em outro lugar.</translation>
    </message>
</context>
<context>
    <name>WizardCredentialsPage</name>
    <message>
        <source>Credentials</source>
        <translation>Credenciais</translation>
    </message>
    <message>
        <source>Your keys are saved in the system keychain and never shown again in full.</source>
        <translation>Suas chaves são salvas no chaveiro do sistema e nunca mais aparecem por inteiro.</translation>
    </message>
    <message>
        <source>Vast.ai &amp;API key</source>
        <translation>&amp;Chave de API da Vast.ai</translation>
    </message>
    <message>
        <source>Vast.ai API key</source>
        <translation>Chave de API da Vast.ai</translation>
    </message>
    <message>
        <source>&amp;Check</source>
        <translation>&amp;Verificar</translation>
    </message>
    <message>
        <source>Check the Vast.ai key</source>
        <translation>Verificar a chave da Vast.ai</translation>
    </message>
    <message>
        <source>Google Cloud service account (JSON key), for the CPU standby; optional:</source>
        <translation>Conta de serviço do Google Cloud (chave JSON), para a standby de CPU; opcional:</translation>
    </message>
    <message>
        <source>Google Cloud service account JSON</source>
        <translation>JSON da conta de serviço do Google Cloud</translation>
    </message>
    <message>
        <source>&amp;Load from file…</source>
        <translation>Carregar de &amp;arquivo…</translation>
    </message>
    <message>
        <source>Load the service account key from a file</source>
        <translation>Carregar a chave da conta de serviço de um arquivo</translation>
    </message>
    <message>
        <source>Object storage key &amp;ID (B2 or R2), optional</source>
        <translation>&amp;ID da chave do armazenamento de objetos (B2 ou R2), opcional</translation>
    </message>
    <message>
        <source>Object storage key ID</source>
        <translation>ID da chave do armazenamento de objetos</translation>
    </message>
    <message>
        <source>Object storage &amp;secret key</source>
        <translation>Chave &amp;secreta do armazenamento de objetos</translation>
    </message>
    <message>
        <source>Object storage secret key</source>
        <translation>Chave secreta do armazenamento de objetos</translation>
    </message>
</context>
<context>
    <name>WizardHostPage</name>
    <message>
        <source>GPU and host</source>
        <translation>GPU e host</translation>
    </message>
    <message>
        <source>Live offers, grouped by machine: both GPUs of a warm pool must be on the same machine.</source>
        <translation>Ofertas ao vivo, agrupadas por máquina: as duas GPUs de um pool quente precisam estar na mesma máquina.</translation>
    </message>
    <message>
        <source>GPU &amp;model:</source>
        <translation>&amp;Modelo de GPU:</translation>
    </message>
    <message>
        <source>GPU model</source>
        <translation>Modelo de GPU</translation>
    </message>
    <message>
        <source>&amp;Search</source>
        <translation>&amp;Buscar</translation>
    </message>
    <message>
        <source>Search the offers</source>
        <translation>Buscar as ofertas</translation>
    </message>
    <message>
        <source>Hosts</source>
        <translation>Hosts</translation>
    </message>
    <message>
        <source>Machine</source>
        <translation>Máquina</translation>
    </message>
    <message>
        <source>GPU</source>
        <translation>GPU</translation>
    </message>
    <message>
        <source>Free GPUs</source>
        <translation>GPUs livres</translation>
    </message>
    <message>
        <source>$/GPU-hour</source>
        <translation>US$/GPU-hora</translation>
    </message>
    <message>
        <source>Reliability</source>
        <translation>Confiabilidade</translation>
    </message>
    <message>
        <source>Location</source>
        <translation>Local</translation>
    </message>
</context>
<context>
    <name>WizardOptionsPage</name>
    <message>
        <source>Options</source>
        <translation>Opções</translation>
    </message>
    <message>
        <source>The pool, its volume and its copies.</source>
        <translation>O pool, seu volume e suas cópias.</translation>
    </message>
    <message>
        <source>Pool &amp;name</source>
        <translation>&amp;Nome do pool</translation>
    </message>
    <message>
        <source>Pool name</source>
        <translation>Nome do pool</translation>
    </message>
    <message>
        <source>&amp;Volume size</source>
        <translation>Tamanho do &amp;volume</translation>
    </message>
    <message>
        <source>Volume size in GB</source>
        <translation>Tamanho do volume em GB</translation>
    </message>
    <message>
        <source> GB</source>
        <translation> GB</translation>
    </message>
    <message>
        <source>Container &amp;disk</source>
        <translation>&amp;Disco do contêiner</translation>
    </message>
    <message>
        <source>Container disk in GB</source>
        <translation>Disco do contêiner em GB</translation>
    </message>
    <message>
        <source>&amp;Image</source>
        <translation>&amp;Imagem</translation>
    </message>
    <message>
        <source>Container image</source>
        <translation>Imagem do contêiner</translation>
    </message>
    <message>
        <source>Standby</source>
        <translation>Standby</translation>
    </message>
    <message>
        <source>Rent a new &amp;standby after each failover</source>
        <translation>Alugar uma nova &amp;standby após cada failover</translation>
    </message>
    <message>
        <source>CPU standby &amp;zone</source>
        <translation>&amp;Zona da standby de CPU</translation>
    </message>
    <message>
        <source>CPU standby zone</source>
        <translation>Zona da standby de CPU</translation>
    </message>
    <message>
        <source>S&amp;napshots</source>
        <translation>S&amp;napshots</translation>
    </message>
    <message>
        <source>Snapshot target</source>
        <translation>Destino dos snapshots</translation>
    </message>
    <message>
        <source>&amp;Bucket</source>
        <translation>&amp;Bucket</translation>
    </message>
    <message>
        <source>Snapshot bucket</source>
        <translation>Bucket dos snapshots</translation>
    </message>
    <message>
        <source>Snapshot &amp;every</source>
        <translation>Snapshot a &amp;cada</translation>
    </message>
    <message>
        <source>Minutes between snapshots</source>
        <translation>Minutos entre snapshots</translation>
    </message>
    <message>
        <source> min</source>
        <translation> min</translation>
    </message>
    <message>
        <source>Monthly &amp;budget</source>
        <translation>Orçamento &amp;mensal</translation>
    </message>
    <message>
        <source>Monthly budget in dollars</source>
        <translation>Orçamento mensal em dólares</translation>
    </message>
    <message>
        <source> $</source>
        <translation> US$</translation>
    </message>
    <message>
        <source>Hibernation</source>
        <translation>Hibernação</translation>
    </message>
    <message>
        <source>&amp;Hibernate the GPU when idle</source>
        <translation>&amp;Hibernar a GPU quando ociosa</translation>
    </message>
    <message>
        <source>Start &amp;command</source>
        <translation>&amp;Comando de início</translation>
    </message>
    <message>
        <source>Start command</source>
        <translation>Comando de início</translation>
    </message>
    <message>
        <source>cd /workspace &amp;&amp; nohup python train.py &gt;&gt; train.log 2&gt;&amp;1 &amp;</source>
        <translation>cd /workspace &amp;&amp; nohup python train.py &gt;&gt; train.log 2&gt;&amp;1 &amp;</translation>
    </message>
    <message>
        <source>Run on the primary after each failover, restore and provisioning, once /workspace/.gpufailover/generation names it: what starts your workload again.</source>
        <translation>Roda na primária depois de cada failover, restauração e provisionamento, quando /workspace/.gpufailover/generation a nomeia: o que inicia de novo o seu trabalho.</translation>
    </message>
    <message>
        <source>&amp;Region</source>
        <translation>&amp;Região</translation>
    </message>
    <message>
        <source>Bucket region or account id</source>
        <translation>Região do bucket ou ID da conta</translation>
    </message>
    <message>
        <source>Store&apos;s C&amp;A</source>
        <translation>C&amp;A do armazenamento</translation>
    </message>
    <message>
        <source>CA certificate of the store</source>
        <translation>Certificado da CA do armazenamento</translation>
    </message>
    <message>
        <source>optional: a PEM file, for a store with its own certificate authority</source>
        <translation>opcional: um arquivo PEM, para um armazenamento com sua própria autoridade certificadora</translation>
    </message>
    <message>
        <source>…</source>
        <translation>…</translation>
    </message>
    <message>
        <source>Choose the CA certificate file</source>
        <translation>Escolher o arquivo do certificado da CA</translation>
    </message>
</context>
<context>
    <name>WizardProgressPage</name>
    <message>
        <source>Provisioning</source>
        <translation>Provisionamento</translation>
    </message>
    <message>
        <source>Each step as the engine takes it.</source>
        <translation>Cada etapa conforme o motor a executa.</translation>
    </message>
    <message>
        <source>Provisioning steps</source>
        <translation>Etapas do provisionamento</translation>
    </message>
    <message>
        <source>Provisioning progress</source>
        <translation>Progresso do provisionamento</translation>
    </message>
</context>
<context>
    <name>WizardReviewPage</name>
    <message>
        <source>Review</source>
        <translation>Revisão</translation>
    </message>
    <message>
        <source>What will be rented, and what it costs a month.</source>
        <translation>O que será alugado e quanto custa por mês.</translation>
    </message>
    <message>
        <source>Monthly cost estimate</source>
        <translation>Estimativa de custo mensal</translation>
    </message>
    <message>
        <source>Remember these choices: the next pool is &amp;one click from the main window</source>
        <translation>Lembrar estas escolhas: o próximo pool fica a &amp;um clique da janela principal</translation>
    </message>
    <message>
        <source>Each instance runs this once at its first start (the provider&apos;s onstart); your start command runs later, on the primary only:</source>
        <translation>Cada instância executa isto uma vez ao iniciar pela primeira vez (o onstart do provedor); seu comando de início roda depois, só na primária:</translation>
    </message>
    <message>
        <source>Instance preparation script</source>
        <translation>Script de preparação da instância</translation>
    </message>
</context>
<context>
    <name>WizardStrategyPage</name>
    <message>
        <source>Strategy</source>
        <translation>Estratégia</translation>
    </message>
    <message>
        <source>How your work is protected.</source>
        <translation>Como o seu trabalho é protegido.</translation>
    </message>
    <message>
        <source>&amp;Warm pool: a stopped standby GPU on the same host</source>
        <translation>Pool &amp;quente: uma GPU standby parada no mesmo host</translation>
    </message>
    <message>
        <source>Warm pool, and a &amp;CPU standby on Google Cloud when no host has room for two GPUs</source>
        <translation>Pool quente e uma standby de &amp;CPU no Google Cloud quando nenhum host tiver espaço para duas GPUs</translation>
    </message>
</context>
<context>
    <name>gpufailover::AlertNotifier</name>
    <message>
        <source>Pool %1: %2</source>
        <translation>Pool %1: %2</translation>
    </message>
    <message>
        <source>More alerts</source>
        <translation>Mais alertas</translation>
    </message>
    <message numerus="yes">
        <source>%n more alert(s) in the last minute: see the events view.</source>
        <translation>
            <numerusform>Mais %n alerta no último minuto: veja a lista de eventos.</numerusform>
            <numerusform>Mais %n alertas no último minuto: veja a lista de eventos.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>(%n more time(s) since the last notice)</source>
        <translation>
            <numerusform>(mais %n vez desde o último aviso)</numerusform>
            <numerusform>(mais %n vezes desde o último aviso)</numerusform>
        </translation>
    </message>
    <message>
        <source>Failover started</source>
        <translation>Failover iniciado</translation>
    </message>
    <message>
        <source>Failover finished</source>
        <translation>Failover concluído</translation>
    </message>
    <message>
        <source>Failover failed</source>
        <translation>Failover falhou</translation>
    </message>
    <message>
        <source>Primary looks unhealthy</source>
        <translation>A primária parece com problemas</translation>
    </message>
    <message>
        <source>Vast.ai rejected the API key</source>
        <translation>A Vast.ai recusou a chave de API</translation>
    </message>
    <message>
        <source>Object storage rejected the keys</source>
        <translation>O armazenamento de objetos recusou as chaves</translation>
    </message>
    <message>
        <source>Standby not ready</source>
        <translation>Standby não está pronta</translation>
    </message>
    <message>
        <source>80 % of the budget spent</source>
        <translation>80 % do orçamento gasto</translation>
    </message>
    <message>
        <source>Budget reached</source>
        <translation>Orçamento atingido</translation>
    </message>
    <message>
        <source>Vast.ai credit running low</source>
        <translation>Crédito da Vast.ai acabando</translation>
    </message>
    <message>
        <source>Host lost: rebuilding elsewhere</source>
        <translation>Host perdido: reconstruindo em outra máquina</translation>
    </message>
    <message>
        <source>Host lost and no verified snapshot</source>
        <translation>Host perdido e nenhum snapshot verificado</translation>
    </message>
    <message>
        <source>Too many failovers: automation paused</source>
        <translation>Failovers demais: automação pausada</translation>
    </message>
    <message>
        <source>Primary dead while automation is paused</source>
        <translation>Primária caiu com a automação pausada</translation>
    </message>
    <message>
        <source>The CPU standby now serves</source>
        <translation>A standby de CPU assumiu o atendimento</translation>
    </message>
    <message>
        <source>Restore failed</source>
        <translation>A restauração falhou</translation>
    </message>
    <message>
        <source>Pool hibernated</source>
        <translation>Pool hibernado</translation>
    </message>
    <message>
        <source>SSH to the primary fails, the provider says it runs</source>
        <translation>O SSH para a primária falha, mas o provedor diz que ela está rodando</translation>
    </message>
    <message>
        <source>The CPU standby&apos;s copy is getting old</source>
        <translation>A cópia no standby de CPU está ficando velha</translation>
    </message>
</context>
<context>
    <name>gpufailover::ChartsView</name>
    <message>
        <source>GPU running</source>
        <translation>GPU ligada</translation>
    </message>
    <message>
        <source>Standby storage</source>
        <translation>Armazenamento da standby</translation>
    </message>
    <message>
        <source>CPU VM</source>
        <translation>VM de CPU</translation>
    </message>
    <message>
        <source>CPU disk</source>
        <translation>Disco da VM de CPU</translation>
    </message>
    <message>
        <source>Object storage</source>
        <translation>Armazenamento de objetos</translation>
    </message>
    <message>
        <source>Cost over time</source>
        <translation>Custo ao longo do tempo</translation>
    </message>
    <message>
        <source>Recovery time per failover</source>
        <translation>Tempo de recuperação por failover</translation>
    </message>
    <message>
        <source>Loss window over time</source>
        <translation>Janela de perda ao longo do tempo</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>Custo</translation>
    </message>
    <message>
        <source>Recovery time</source>
        <translation>Tempo de recuperação</translation>
    </message>
    <message>
        <source>Loss window</source>
        <translation>Janela de perda</translation>
    </message>
    <message>
        <source>Recovery time per failover (seconds)</source>
        <translation>Tempo de recuperação por failover (segundos)</translation>
    </message>
    <message>
        <source>Detection</source>
        <translation>Detecção</translation>
    </message>
    <message>
        <source>Fence</source>
        <translation>Isolamento</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Partida</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>Pronta</translation>
    </message>
    <message>
        <source>%1 (failed)</source>
        <translation>%1 (falhou)</translation>
    </message>
    <message>
        <source>Loss window: age of the newest complete copy (seconds)</source>
        <translation>Janela de perda: idade da cópia completa mais recente (segundos)</translation>
    </message>
    <message>
        <source>Cost so far, by component (forecast for the month: %1)</source>
        <translation>Custo até agora, por componente (previsão para o mês: %1)</translation>
    </message>
    <message>
        <source>Volume</source>
        <translation>Volume</translation>
    </message>
</context>
<context>
    <name>gpufailover::DesktopApp</name>
    <message>
        <source>Engine: connected (API on port %1)</source>
        <translation>Motor: conectado (API na porta %1)</translation>
    </message>
    <message>
        <source>Engine: unreachable (%1)</source>
        <translation>Motor: inacessível (%1)</translation>
    </message>
    <message>
        <source>%1: accepted</source>
        <translation>%1: aceito</translation>
    </message>
    <message>
        <source>%1 refused: %2</source>
        <translation>%1 recusado: %2</translation>
    </message>
    <message>
        <source>GPU Failover: %1</source>
        <translation>GPU Failover: %1</translation>
    </message>
    <message>
        <source>Settings not saved: %1</source>
        <translation>Configurações não salvas: %1</translation>
    </message>
</context>
<context>
    <name>gpufailover::EventFilter</name>
    <message>
        <source>All events</source>
        <translation>Todos os eventos</translation>
    </message>
    <message>
        <source>Alerts</source>
        <translation>Alertas</translation>
    </message>
    <message>
        <source>Failovers</source>
        <translation>Failovers</translation>
    </message>
    <message>
        <source>State changes</source>
        <translation>Mudanças de estado</translation>
    </message>
    <message>
        <source>Health checks</source>
        <translation>Verificações de saúde</translation>
    </message>
    <message>
        <source>Costs</source>
        <translation>Custos</translation>
    </message>
    <message>
        <source>Syncs and snapshots</source>
        <translation>Sincronizações e snapshots</translation>
    </message>
</context>
<context>
    <name>gpufailover::EventsModel</name>
    <message>
        <source>Time</source>
        <translation>Hora</translation>
    </message>
    <message>
        <source>Pool</source>
        <translation>Pool</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>Evento</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Detalhes</translation>
    </message>
    <message>
        <source> (begins)</source>
        <translation> (início)</translation>
    </message>
    <message>
        <source> (done)</source>
        <translation> (concluído)</translation>
    </message>
    <message>
        <source> (failed)</source>
        <translation> (falhou)</translation>
    </message>
</context>
<context>
    <name>gpufailover::MainWindow</name>
    <message>
        <source>Engine: starting</source>
        <translation>Motor: iniciando</translation>
    </message>
    <message>
        <source>&amp;Demo</source>
        <translation>&amp;Demonstração</translation>
    </message>
    <message numerus="yes">
        <source>%n pool(s)</source>
        <translation>
            <numerusform>%n pool</numerusform>
            <numerusform>%n pools</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n pool(s) · %1/h now · %2 this month · %3 forecast for the month</source>
        <translation>
            <numerusform>%n pool · %1/h agora · %2 neste mês · previsão de %3 para o mês</numerusform>
            <numerusform>%n pools · %1/h agora · %2 neste mês · previsão de %3 para o mês</numerusform>
        </translation>
    </message>
    <message>
        <source>Vast.ai credit %1</source>
        <translation>Crédito na Vast.ai: %1</translation>
    </message>
    <message>
        <source>(lasts %1)</source>
        <translation>(dura %1)</translation>
    </message>
</context>
<context>
    <name>gpufailover::PoolCard</name>
    <message>
        <source>Destroy pool %1?</source>
        <translation>Destruir o pool %1?</translation>
    </message>
    <message>
        <source>This destroys the pool&apos;s GPUs and its volume with the data on it. Snapshots in object storage are kept. This cannot be undone.</source>
        <translation>Isto destrói as GPUs do pool e o volume com os dados. Os snapshots no armazenamento de objetos são mantidos. Não dá para desfazer.</translation>
    </message>
    <message>
        <source>State: %1</source>
        <translation>Estado: %1</translation>
    </message>
    <message>
        <source>instance %1 on machine %2</source>
        <translation>instância %1 na máquina %2</translation>
    </message>
    <message>
        <source>none</source>
        <translation>nenhuma</translation>
    </message>
    <message>
        <source>not used</source>
        <translation>não usada</translation>
    </message>
    <message>
        <source>%1 (%2, %3 syncs)</source>
        <translation>%1 (%2, %3 sincronizações)</translation>
    </message>
    <message>
        <source>no VM</source>
        <translation>sem VM</translation>
    </message>
    <message>
        <source>none: the standby shares the primary&apos;s volume</source>
        <translation>nenhuma: a standby usa o mesmo volume da primária</translation>
    </message>
    <message>
        <source>no copy yet</source>
        <translation>nenhuma cópia ainda</translation>
    </message>
    <message>
        <source>%1 (%2 ago)</source>
        <translation>%1 (há %2)</translation>
    </message>
    <message>
        <source>snapshots off</source>
        <translation>snapshots desligados</translation>
    </message>
    <message>
        <source>none yet</source>
        <translation>nenhum ainda</translation>
    </message>
    <message>
        <source>not measured yet</source>
        <translation>ainda não medido</translation>
    </message>
    <message>
        <source>%1/h now, %2 this month, %3 forecast</source>
        <translation>%1/h agora, %2 neste mês, previsão de %3</translation>
    </message>
    <message>
        <source>&amp;Wake</source>
        <translation>&amp;Acordar</translation>
    </message>
    <message>
        <source>&amp;Hibernate</source>
        <translation>&amp;Hibernar</translation>
    </message>
    <message>
        <source>%1/h, up %2</source>
        <translation>%1/h, ligada há %2</translation>
    </message>
    <message numerus="yes">
        <source>none (%n failover(s) so far)</source>
        <translation>
            <numerusform>nenhuma (%n failover até agora)</numerusform>
            <numerusform>nenhuma (%n failovers até agora)</numerusform>
        </translation>
    </message>
    <message>
        <source>stopped, %1/h for its disk</source>
        <translation>parada, %1/h pelo disco</translation>
    </message>
    <message>
        <source>%1, %2/h</source>
        <translation>%1, %2/h</translation>
    </message>
</context>
<context>
    <name>gpufailover::ProvisionWizard</name>
    <message>
        <source>Provision a pool</source>
        <translation>Provisionar um pool</translation>
    </message>
</context>
<context>
    <name>gpufailover::SettingsDialog</name>
    <message>
        <source>Asking the engine for its settings…</source>
        <translation>Consultando as configurações do motor…</translation>
    </message>
    <message>
        <source>The engine&apos;s settings cannot be read: %1</source>
        <translation>Não foi possível ler as configurações do motor: %1</translation>
    </message>
    <message>
        <source>As the system</source>
        <translation>Como o sistema</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>Salvando…</translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>Não foi salvo: %1</translation>
    </message>
</context>
<context>
    <name>gpufailover::SimulatorControl</name>
    <message>
        <source>Kill the primary</source>
        <translation>Derrubar a primária</translation>
    </message>
    <message>
        <source>Hang the primary</source>
        <translation>Travar a primária</translation>
    </message>
    <message>
        <source>Lose the whole host</source>
        <translation>Perder a máquina inteira</translation>
    </message>
    <message>
        <source>No pool has a primary to break yet.</source>
        <translation>Nenhum pool tem ainda uma primária para derrubar.</translation>
    </message>
    <message>
        <source>Simulator: %1 done.</source>
        <translation>Simulador: %1 feito.</translation>
    </message>
    <message>
        <source>Simulator: %1 refused: %2</source>
        <translation>Simulador: %1 recusado: %2</translation>
    </message>
</context>
<context>
    <name>gpufailover::TrayController</name>
    <message>
        <source>GPU Failover</source>
        <translation>GPU Failover</translation>
    </message>
    <message>
        <source>&amp;Open GPU Failover</source>
        <translation>&amp;Abrir o GPU Failover</translation>
    </message>
    <message>
        <source>&amp;Pause automation</source>
        <translation>&amp;Pausar automação</translation>
    </message>
    <message>
        <source>Failover &amp;drill</source>
        <translation>&amp;Simulação de failover</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Sair</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Another GPU Failover engine drives the pools in %1, and its API cannot be reached.</source>
        <translation>Outro motor do GPU Failover controla os pools em %1, e a API dele não responde.</translation>
    </message>
</context>
</TS>
