//! Sentences about authentication methods, results and properties.

use crate::analysis::auth::spf;
use crate::lang::Tr;

/// The methods and results the catalog (`catalog/authentication.toml`) explains; for these the
/// hover shows the catalog entry and the detail only adds what is specific to the message.
pub fn catalog_covers(method: &str, result: &str) -> bool {
    let results: &[&str] = match method {
        "spf" => return spf::is_result(result),
        "received-spf" => spf::RESULTS,
        "dkim" => &[
            "pass",
            "fail",
            "none",
            "policy",
            "neutral",
            "temperror",
            "permerror",
        ],
        "dmarc" => &[
            "pass",
            "fail",
            "bestguesspass",
            "none",
            "temperror",
            "permerror",
        ],
        "arc" => &["pass", "fail", "none"],
        "iprev" => &["pass", "fail", "temperror", "permerror"],
        "auth" => &["pass", "fail", "none", "temperror", "permerror"],
        "compauth" => &["pass", "fail", "softpass", "none"],
        "bimi" => &["pass", "none", "fail", "temperror", "declined", "skipped"],
        _ => &[],
    };
    results.contains(&result)
}

/// The results a method defines (RFC 8601 §2.7 and the IANA registry, plus Microsoft's own).
pub fn known_result(method: &str, result: &str) -> bool {
    catalog_covers(method, result)
        || match method {
            "sender-id" => matches!(
                result,
                "pass" | "fail" | "softfail" | "neutral" | "none" | "temperror" | "permerror"
            ),
            "domainkeys" | "smime" => matches!(
                result,
                "pass" | "fail" | "none" | "policy" | "neutral" | "temperror" | "permerror"
            ),
            "dkim-adsp" => matches!(
                result,
                "none"
                    | "pass"
                    | "unknown"
                    | "fail"
                    | "discard"
                    | "nxdomain"
                    | "temperror"
                    | "permerror"
            ),
            "rrvs" => matches!(
                result,
                "none" | "unknown" | "temperror" | "pass" | "fail" | "permerror"
            ),
            "vbr" | "dnswl" | "dkim-atps" => matches!(
                result,
                "pass" | "fail" | "none" | "neutral" | "temperror" | "permerror"
            ),
            _ => false,
        }
}

pub fn method_meaning(method: &str) -> Option<Tr> {
    Some(match method {
        "spf" | "received-spf" => Tr {
            en: "SPF (RFC 7208) checks that the connecting IP may send for the envelope domain (MAIL FROM, or HELO when there is none).",
            fr: "SPF (RFC 7208) vérifie que l'IP de connexion a le droit d'envoyer pour le domaine d'enveloppe (MAIL FROM, ou HELO à défaut).",
            it: "SPF (RFC 7208) verifica che l'IP di connessione possa inviare per il dominio di envelope (MAIL FROM, oppure HELO se manca).",
            ja: "SPF (RFC 7208) は、接続元 IP がエンベロープ ドメイン (MAIL FROM、なければ HELO) の送信を許可されているかを確認します。",
        },
        "dkim" => Tr {
            en: "DKIM (RFC 6376) verifies a domain's cryptographic signature over chosen headers and the body.",
            fr: "DKIM (RFC 6376) vérifie la signature cryptographique d'un domaine sur certains en-têtes et sur le corps.",
            it: "DKIM (RFC 6376) verifica la firma crittografica di un dominio su alcune intestazioni e sul corpo.",
            ja: "DKIM (RFC 6376) は、指定されたヘッダーと本文に対するドメインの暗号署名を検証します。",
        },
        "dmarc" => Tr {
            en: "DMARC (RFC 7489) passes when SPF or DKIM passes for a domain aligned with the From domain; otherwise the From domain's policy applies.",
            fr: "DMARC (RFC 7489) réussit quand SPF ou DKIM réussit pour un domaine aligné sur le domaine From ; sinon la stratégie du domaine From s'applique.",
            it: "DMARC (RFC 7489) è superato quando SPF o DKIM sono superati per un dominio allineato con il dominio From; altrimenti si applica il criterio del dominio From.",
            ja: "DMARC (RFC 7489) は、From ドメインとアラインしたドメインで SPF または DKIM が合格すれば合格し、そうでなければ From ドメインのポリシーが適用されます。",
        },
        "arc" => Tr {
            en: "ARC (RFC 8617) checks the chain of seals that forwarders and mailing lists added to vouch for the results they saw.",
            fr: "ARC (RFC 8617) vérifie la chaîne de sceaux ajoutés par les transferts et les listes de diffusion pour garantir les résultats qu'ils ont vus.",
            it: "ARC (RFC 8617) verifica la catena di sigilli aggiunti da inoltri e mailing list per garantire i risultati che hanno visto.",
            ja: "ARC (RFC 8617) は、転送サービスやメーリング リストが確認した認証結果を保証するために付けたシールの連鎖を検証します。",
        },
        "iprev" => Tr {
            en: "iprev (RFC 8601 §3) checks that the reverse DNS name of the connecting IP resolves back to that IP.",
            fr: "iprev (RFC 8601 §3) vérifie que le nom DNS inverse de l'IP de connexion pointe de nouveau vers cette IP.",
            it: "iprev (RFC 8601 §3) verifica che il nome DNS inverso dell'IP di connessione risolva di nuovo in quell'IP.",
            ja: "iprev (RFC 8601 §3) は、接続元 IP の逆引き名が同じ IP に正引きできるかを確認します。",
        },
        "auth" => Tr {
            en: "auth records SMTP AUTH (RFC 4954): whether the client logged in to submit the message.",
            fr: "auth rend compte de SMTP AUTH (RFC 4954) : le client s'est-il authentifié pour soumettre le message.",
            it: "auth registra SMTP AUTH (RFC 4954): se il client si è autenticato per inviare il messaggio.",
            ja: "auth は SMTP AUTH (RFC 4954) の結果で、クライアントがログインしてメッセージを送信したかを示します。",
        },
        "compauth" => Tr {
            en: "compauth is Microsoft 365's composite authentication: its own verdict built from SPF, DKIM, DMARC, ARC and sender reputation.",
            fr: "compauth est l'authentification composite de Microsoft 365 : son propre verdict tiré de SPF, DKIM, DMARC, ARC et de la réputation de l'expéditeur.",
            it: "compauth è l'autenticazione composita di Microsoft 365: il suo verdetto costruito da SPF, DKIM, DMARC, ARC e reputazione del mittente.",
            ja: "compauth は Microsoft 365 の複合認証で、SPF・DKIM・DMARC・ARC と送信者の評価から出した独自の判定です。",
        },
        "bimi" => Tr {
            en: "BIMI checks whether the sender's brand logo may be shown; it requires DMARC at enforcement.",
            fr: "BIMI vérifie si le logo de la marque de l'expéditeur peut être affiché ; il exige une stratégie DMARC contraignante.",
            it: "BIMI verifica se il logo del marchio del mittente può essere mostrato; richiede DMARC con criterio restrittivo.",
            ja: "BIMI は送信者のブランド ロゴを表示できるかを確認します。強制ポリシーの DMARC が前提です。",
        },
        "sender-id" => Tr {
            en: "Sender ID (RFC 4406, historic) checked the purported responsible address against SPF-like records.",
            fr: "Sender ID (RFC 4406, historique) vérifiait l'adresse responsable présumée avec des enregistrements de type SPF.",
            it: "Sender ID (RFC 4406, storico) verificava l'indirizzo responsabile presunto con record di tipo SPF.",
            ja: "Sender ID (RFC 4406、廃止) は、推定責任アドレスを SPF に似たレコードで確認していました。",
        },
        "domainkeys" => Tr {
            en: "DomainKeys (RFC 4870, historic) is the predecessor of DKIM.",
            fr: "DomainKeys (RFC 4870, historique) est l'ancêtre de DKIM.",
            it: "DomainKeys (RFC 4870, storico) è il predecessore di DKIM.",
            ja: "DomainKeys (RFC 4870、廃止) は DKIM の前身です。",
        },
        "dkim-adsp" => Tr {
            en: "ADSP (RFC 5617, historic) published whether a domain signs all its mail.",
            fr: "ADSP (RFC 5617, historique) indiquait si un domaine signe tout son courrier.",
            it: "ADSP (RFC 5617, storico) indicava se un dominio firma tutta la sua posta.",
            ja: "ADSP (RFC 5617、廃止) は、ドメインがすべてのメールに署名するかを公開する仕組みでした。",
        },
        "dkim-atps" => Tr {
            en: "ATPS (RFC 6541, experimental) lets a domain authorize a third party to sign for it.",
            fr: "ATPS (RFC 6541, expérimental) permet à un domaine d'autoriser un tiers à signer pour lui.",
            it: "ATPS (RFC 6541, sperimentale) permette a un dominio di autorizzare una terza parte a firmare per suo conto.",
            ja: "ATPS (RFC 6541、実験的) は、ドメインが第三者に代理署名を許可する仕組みです。",
        },
        "vbr" => Tr {
            en: "VBR (RFC 5518) checks a vouch-by-reference certification of the sender.",
            fr: "VBR (RFC 5518) vérifie une certification de l'expéditeur par un tiers (vouch by reference).",
            it: "VBR (RFC 5518) verifica una certificazione del mittente da parte di terzi (vouch by reference).",
            ja: "VBR (RFC 5518) は、第三者による送信者の保証 (vouch by reference) を確認します。",
        },
        "rrvs" => Tr {
            en: "RRVS (RFC 7293) checks that the recipient mailbox has not changed owner since a given time.",
            fr: "RRVS (RFC 7293) vérifie que la boîte du destinataire n'a pas changé de titulaire depuis une date donnée.",
            it: "RRVS (RFC 7293) verifica che la casella del destinatario non abbia cambiato titolare da una certa data.",
            ja: "RRVS (RFC 7293) は、受信者のメールボックスの所有者が指定時刻以降に変わっていないかを確認します。",
        },
        "smime" => Tr {
            en: "S/MIME (RFC 7281) records the verification of an S/MIME signature in the body.",
            fr: "S/MIME (RFC 7281) rend compte de la vérification d'une signature S/MIME dans le corps.",
            it: "S/MIME (RFC 7281) registra la verifica di una firma S/MIME nel corpo.",
            ja: "S/MIME (RFC 7281) は、本文の S/MIME 署名の検証結果です。",
        },
        "dnswl" => Tr {
            en: "dnswl (RFC 8904) records a lookup of the connecting IP on a DNS allow list.",
            fr: "dnswl (RFC 8904) rend compte de la recherche de l'IP de connexion dans une liste d'autorisation DNS.",
            it: "dnswl (RFC 8904) registra la ricerca dell'IP di connessione in una allow list DNS.",
            ja: "dnswl (RFC 8904) は、接続元 IP を DNS 許可リストで照会した結果です。",
        },
        _ => return None,
    })
}

pub const UNKNOWN_METHOD: Tr = Tr {
    en: "`{method}` is not a registered method: the server that wrote it defines what it means.",
    fr: "`{method}` n'est pas une méthode enregistrée : c'est le serveur qui l'a écrite qui en définit le sens.",
    it: "`{method}` non è un metodo registrato: il suo significato lo definisce il server che l'ha scritto.",
    ja: "`{method}` は登録されたメソッドではありません。意味は記録したサーバーが独自に定めています。",
};

pub const UNKNOWN_RESULT: Tr = Tr {
    en: "`{result}` is not a result defined for `{method}`.",
    fr: "`{result}` n'est pas un résultat défini pour `{method}`.",
    it: "`{result}` non è un risultato definito per `{method}`.",
    ja: "`{result}` は `{method}` に定義された結果ではありません。",
};

pub fn result_meaning(result: &str) -> Option<Tr> {
    Some(match result {
        "pass" => Tr {
            en: "The check succeeded.",
            fr: "La vérification a réussi.",
            it: "La verifica è riuscita.",
            ja: "検査に合格しました。",
        },
        "fail" | "hardfail" => Tr {
            en: "The check failed: the message does not satisfy it.",
            fr: "La vérification a échoué : le message n'y satisfait pas.",
            it: "La verifica è fallita: il messaggio non la soddisfa.",
            ja: "検査に失敗しました。メッセージは条件を満たしていません。",
        },
        "softfail" => Tr {
            en: "A weak failure: the domain says the source is probably not authorized.",
            fr: "Un échec atténué : le domaine indique que la source n'est probablement pas autorisée.",
            it: "Un fallimento debole: il dominio indica che la sorgente probabilmente non è autorizzata.",
            ja: "弱い失敗です。ドメインは、この送信元はおそらく許可されていないと示しています。",
        },
        "neutral" => Tr {
            en: "No verdict: the domain asserts nothing, or the data could not be used.",
            fr: "Pas de verdict : le domaine n'affirme rien, ou les données n'ont pas pu être exploitées.",
            it: "Nessun verdetto: il dominio non afferma nulla, oppure i dati non erano utilizzabili.",
            ja: "判定なし。ドメインが何も主張していないか、データを利用できませんでした。",
        },
        "none" => Tr {
            en: "Nothing to check: no record or no signature was found.",
            fr: "Rien à vérifier : aucun enregistrement ni aucune signature trouvés.",
            it: "Niente da verificare: nessun record o nessuna firma trovati.",
            ja: "検査対象がありません。レコードまたは署名が見つかりませんでした。",
        },
        "policy" => Tr {
            en: "Verified, but not acceptable under the receiving server's local policy.",
            fr: "Vérifié, mais non acceptable selon la stratégie locale du serveur de réception.",
            it: "Verificato, ma non accettabile secondo il criterio locale del server ricevente.",
            ja: "検証はできましたが、受信サーバーのローカル ポリシーでは受け入れられません。",
        },
        "temperror" => Tr {
            en: "A temporary error, usually DNS: a later attempt may succeed.",
            fr: "Une erreur temporaire, en général DNS : une nouvelle tentative peut réussir.",
            it: "Un errore temporaneo, di solito DNS: un tentativo successivo può riuscire.",
            ja: "一時的なエラー (多くは DNS) です。後で再試行すれば成功する可能性があります。",
        },
        "permerror" => Tr {
            en: "A permanent error: the published record or the signature cannot be interpreted.",
            fr: "Une erreur permanente : l'enregistrement publié ou la signature est inexploitable.",
            it: "Un errore permanente: il record pubblicato o la firma non sono interpretabili.",
            ja: "恒久的なエラーです。公開されたレコードまたは署名を解釈できません。",
        },
        "bestguesspass" => Tr {
            en: "Microsoft 365: the domain publishes no DMARC record, but DMARC would have passed.",
            fr: "Microsoft 365 : le domaine ne publie pas d'enregistrement DMARC, mais DMARC aurait réussi.",
            it: "Microsoft 365: il dominio non pubblica un record DMARC, ma DMARC sarebbe stato superato.",
            ja: "Microsoft 365: ドメインは DMARC レコードを公開していませんが、DMARC は合格したはずです。",
        },
        "softpass" => Tr {
            en: "Microsoft 365: a soft pass of implicit authentication.",
            fr: "Microsoft 365 : réussite atténuée de l'authentification implicite.",
            it: "Microsoft 365: superamento debole dell'autenticazione implicita.",
            ja: "Microsoft 365: 暗黙的な認証の弱い合格です。",
        },
        "declined" => Tr {
            en: "The sender's domain declined to take part.",
            fr: "Le domaine de l'expéditeur a refusé d'y participer.",
            it: "Il dominio del mittente ha rifiutato di partecipare.",
            ja: "送信者のドメインが参加を辞退しています。",
        },
        "skipped" => Tr {
            en: "The check was skipped.",
            fr: "La vérification a été ignorée.",
            it: "La verifica è stata saltata.",
            ja: "検査はスキップされました。",
        },
        _ => return None,
    })
}

pub fn property_meaning(key: &str) -> Option<Tr> {
    Some(match key {
        "smtp.mailfrom" | "envelope-from" => Tr {
            en: "the envelope sender (MAIL FROM) whose domain SPF checked; DMARC aligns it with From",
            fr: "l'expéditeur d'enveloppe (MAIL FROM) dont SPF a vérifié le domaine ; DMARC l'aligne sur From",
            it: "il mittente di envelope (MAIL FROM) di cui SPF ha verificato il dominio; DMARC lo allinea con From",
            ja: "SPF が検査したエンベロープ送信者 (MAIL FROM)。DMARC はこれと From のアラインを見ます",
        },
        "smtp.mail" | "smtp.mfrom" => Tr {
            en: "an older spelling of smtp.mailfrom: the envelope sender",
            fr: "ancienne écriture de smtp.mailfrom : l'expéditeur d'enveloppe",
            it: "vecchia grafia di smtp.mailfrom: il mittente di envelope",
            ja: "smtp.mailfrom の旧表記で、エンベロープ送信者です",
        },
        "smtp.helo" | "helo" => Tr {
            en: "the HELO/EHLO name of the connecting server, checked by SPF when there is no envelope sender",
            fr: "le nom HELO/EHLO du serveur de connexion, vérifié par SPF en l'absence d'expéditeur d'enveloppe",
            it: "il nome HELO/EHLO del server di connessione, verificato da SPF se manca il mittente di envelope",
            ja: "接続元サーバーの HELO/EHLO 名。エンベロープ送信者がない場合に SPF が検査します",
        },
        "smtp.auth" => Tr {
            en: "the identity the client authenticated as (SMTP AUTH)",
            fr: "l'identité sous laquelle le client s'est authentifié (SMTP AUTH)",
            it: "l'identità con cui il client si è autenticato (SMTP AUTH)",
            ja: "クライアントが認証に使った ID (SMTP AUTH)",
        },
        "smtp.remote-ip" | "smtp.client-ip" | "client-ip" | "policy.iprev" => Tr {
            en: "the IP address of the connecting server",
            fr: "l'adresse IP du serveur de connexion",
            it: "l'indirizzo IP del server di connessione",
            ja: "接続元サーバーの IP アドレス",
        },
        "smtp.rcptto" => Tr {
            en: "the envelope recipient",
            fr: "le destinataire d'enveloppe",
            it: "il destinatario di envelope",
            ja: "エンベロープ受信者",
        },
        "smtp.rcpttodomain" => Tr {
            en: "the envelope recipient's domain (Microsoft 365)",
            fr: "le domaine du destinataire d'enveloppe (Microsoft 365)",
            it: "il dominio del destinatario di envelope (Microsoft 365)",
            ja: "エンベロープ受信者のドメイン (Microsoft 365)",
        },
        "header.d" => Tr {
            en: "the DKIM signing domain (d=); DMARC aligns it with From",
            fr: "le domaine signataire DKIM (d=) ; DMARC l'aligne sur From",
            it: "il dominio firmatario DKIM (d=); DMARC lo allinea con From",
            ja: "DKIM の署名ドメイン (d=)。DMARC はこれと From のアラインを見ます",
        },
        "header.i" => Tr {
            en: "the DKIM agent identity (i=): the signing domain or a subdomain or address under it",
            fr: "l'identité d'agent DKIM (i=) : le domaine signataire, un sous-domaine ou une adresse de ce domaine",
            it: "l'identità dell'agente DKIM (i=): il dominio firmatario o un sottodominio o indirizzo sotto di esso",
            ja: "DKIM のエージェント ID (i=)。署名ドメインかそのサブドメイン、またはその配下のアドレスです",
        },
        "header.s" => Tr {
            en: "the DKIM selector: the public key is published at selector._domainkey.domain",
            fr: "le sélecteur DKIM : la clé publique est publiée à sélecteur._domainkey.domaine",
            it: "il selettore DKIM: la chiave pubblica è pubblicata in selettore._domainkey.dominio",
            ja: "DKIM セレクター。公開鍵は セレクター._domainkey.ドメイン に公開されています",
        },
        "header.b" => Tr {
            en: "the first characters of the signature (b=), to tell several signatures apart",
            fr: "les premiers caractères de la signature (b=), pour distinguer plusieurs signatures",
            it: "i primi caratteri della firma (b=), per distinguere più firme",
            ja: "署名 (b=) の先頭部分。複数の署名を区別するためのものです",
        },
        "header.a" => Tr {
            en: "the signature algorithm (a=)",
            fr: "l'algorithme de signature (a=)",
            it: "l'algoritmo di firma (a=)",
            ja: "署名アルゴリズム (a=)",
        },
        "header.from" => Tr {
            en: "the domain of the From address: the domain DMARC protects",
            fr: "le domaine de l'adresse From : celui que DMARC protège",
            it: "il dominio dell'indirizzo From: quello protetto da DMARC",
            ja: "From アドレスのドメイン。DMARC が保護するドメインです",
        },
        "header.oldest-pass" => Tr {
            en: "the oldest ARC instance whose message signature still verifies (0: all of them)",
            fr: "la plus ancienne instance ARC dont la signature de message est encore valide (0 : toutes)",
            it: "l'istanza ARC più vecchia la cui firma del messaggio è ancora valida (0: tutte)",
            ja: "メッセージ署名がまだ検証できる最も古い ARC インスタンス (0 はすべて)",
        },
        "policy.dmarc" => Tr {
            en: "the DMARC policy the domain publishes",
            fr: "la stratégie DMARC publiée par le domaine",
            it: "il criterio DMARC pubblicato dal dominio",
            ja: "ドメインが公開している DMARC ポリシー",
        },
        "action" => Tr {
            en: "Microsoft 365: the action the DMARC policy led to",
            fr: "Microsoft 365 : l'action qui découle de la stratégie DMARC",
            it: "Microsoft 365: l'azione derivata dal criterio DMARC",
            ja: "Microsoft 365: DMARC ポリシーに基づく処理",
        },
        "receiver" => Tr {
            en: "the host that performed the SPF check",
            fr: "l'hôte qui a effectué la vérification SPF",
            it: "l'host che ha eseguito la verifica SPF",
            ja: "SPF 検査を行ったホスト",
        },
        "identity" => Tr {
            en: "which identity was checked: mailfrom, helo or another",
            fr: "l'identité vérifiée : mailfrom, helo ou une autre",
            it: "l'identità verificata: mailfrom, helo o un'altra",
            ja: "検査した ID (mailfrom、helo など)",
        },
        "mechanism" => Tr {
            en: "the SPF mechanism that matched",
            fr: "le mécanisme SPF qui a correspondu",
            it: "il meccanismo SPF che ha corrisposto",
            ja: "一致した SPF メカニズム",
        },
        "problem" => Tr {
            en: "what went wrong while evaluating the SPF record",
            fr: "ce qui n'a pas fonctionné lors de l'évaluation de l'enregistrement SPF",
            it: "cosa è andato storto nella valutazione del record SPF",
            ja: "SPF レコードの評価中に起きた問題",
        },
        _ => return None,
    })
}

/// Microsoft's compauth reason codes (message-headers-eop-mdo), by code or class.
pub fn compauth_reason(code: &str) -> Option<Tr> {
    let class = code.as_bytes().first().copied();
    Some(match code {
        "000" => Tr {
            en: "explicit authentication failed: DMARC failed and the domain's policy is quarantine or reject",
            fr: "échec de l'authentification explicite : DMARC a échoué et la stratégie du domaine est quarantine ou reject",
            it: "autenticazione esplicita fallita: DMARC non superato e il criterio del dominio è quarantine o reject",
            ja: "明示的な認証に失敗: DMARC が不合格で、ドメインのポリシーは quarantine または reject です",
        },
        "001" => Tr {
            en: "implicit authentication failed: the domain publishes no or only weak authentication records",
            fr: "échec de l'authentification implicite : le domaine ne publie aucun enregistrement d'authentification, ou de trop faibles",
            it: "autenticazione implicita fallita: il dominio non pubblica record di autenticazione, o solo deboli",
            ja: "暗黙的な認証に失敗: ドメインが認証レコードを公開していないか、弱い設定しかありません",
        },
        "002" => Tr {
            en: "your organization's policy forbids this sender and domain pair (spoof intelligence)",
            fr: "la stratégie de votre organisation interdit cette paire expéditeur/domaine (spoof intelligence)",
            it: "il criterio della tua organizzazione vieta questa coppia mittente/dominio (spoof intelligence)",
            ja: "組織のポリシーがこの送信者とドメインの組み合わせを禁止しています (なりすましインテリジェンス)",
        },
        "010" => Tr {
            en: "DMARC failed with quarantine or reject, and the From domain is one of your accepted domains",
            fr: "DMARC a échoué avec quarantine ou reject, et le domaine From est l'un de vos domaines acceptés",
            it: "DMARC non superato con quarantine o reject, e il dominio From è uno dei tuoi domini accettati",
            ja: "DMARC が quarantine または reject で不合格で、From ドメインは自組織の承認済みドメインです",
        },
        "130" => Tr {
            en: "passed because the ARC result overrode a DMARC failure",
            fr: "réussi car le résultat ARC a pris le pas sur l'échec DMARC",
            it: "superato perché il risultato ARC ha prevalso sul fallimento DMARC",
            ja: "ARC の結果が DMARC の失敗を上書きしたため合格",
        },
        _ => match class {
            Some(b'1' | b'7') => Tr {
                en: "passed; the last two digits are internal to Microsoft",
                fr: "réussi ; les deux derniers chiffres sont internes à Microsoft",
                it: "superato; le ultime due cifre sono interne a Microsoft",
                ja: "合格。下 2 桁は Microsoft の内部コードです",
            },
            Some(b'2') => Tr {
                en: "soft pass of implicit authentication",
                fr: "réussite atténuée de l'authentification implicite",
                it: "superamento debole dell'autenticazione implicita",
                ja: "暗黙的な認証の弱い合格",
            },
            Some(b'3') => Tr {
                en: "composite authentication was not checked",
                fr: "l'authentification composite n'a pas été vérifiée",
                it: "l'autenticazione composita non è stata verificata",
                ja: "複合認証は検査されていません",
            },
            Some(b'4' | b'9') => Tr {
                en: "composite authentication was bypassed",
                fr: "l'authentification composite a été contournée",
                it: "l'autenticazione composita è stata ignorata",
                ja: "複合認証はバイパスされました",
            },
            Some(b'6') => Tr {
                en: "implicit authentication failed and the From domain is one of your accepted domains",
                fr: "échec de l'authentification implicite, et le domaine From est l'un de vos domaines acceptés",
                it: "autenticazione implicita fallita e il dominio From è uno dei tuoi domini accettati",
                ja: "暗黙的な認証に失敗し、From ドメインは自組織の承認済みドメインです",
            },
            _ => return None,
        },
    })
}

/// The catalog key of a compauth reason: exact codes first, then the class (`compauth-reason=1xx`).
pub fn compauth_reason_key(code: &str) -> Option<String> {
    if code.len() != 3 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if matches!(code, "000" | "001" | "002" | "010" | "130") {
        return Some(format!("compauth-reason={code}"));
    }
    let class = code.get(..1)?;
    matches!(class, "1" | "2" | "3" | "4" | "6" | "7" | "9")
        .then(|| format!("compauth-reason={class}xx"))
}

/// Microsoft's DMARC `action=` values.
pub fn dmarc_action(value: &str) -> Option<Tr> {
    Some(match value {
        "none" => Tr {
            en: "no action: DMARC passed, or the policy is p=none",
            fr: "aucune action : DMARC a réussi, ou la stratégie est p=none",
            it: "nessuna azione: DMARC superato, oppure il criterio è p=none",
            ja: "処理なし: DMARC が合格したか、ポリシーが p=none です",
        },
        "quarantine" => Tr {
            en: "DMARC failed and the policy quarantine was applied",
            fr: "DMARC a échoué et la stratégie quarantine a été appliquée",
            it: "DMARC non superato ed è stato applicato il criterio quarantine",
            ja: "DMARC が不合格で、quarantine ポリシーが適用されました",
        },
        "reject" => Tr {
            en: "DMARC failed and the policy reject was applied",
            fr: "DMARC a échoué et la stratégie reject a été appliquée",
            it: "DMARC non superato ed è stato applicato il criterio reject",
            ja: "DMARC が不合格で、reject ポリシーが適用されました",
        },
        "oreject" => Tr {
            en: "DMARC failed under p=reject, but Microsoft 365 accepted the message and junked it instead (override reject)",
            fr: "DMARC a échoué avec p=reject, mais Microsoft 365 a accepté le message et l'a classé en courrier indésirable (override reject)",
            it: "DMARC non superato con p=reject, ma Microsoft 365 ha accettato il messaggio e l'ha messo nella posta indesiderata (override reject)",
            ja: "p=reject で DMARC が不合格でしたが、Microsoft 365 は受け入れて迷惑メールに振り分けました (override reject)",
        },
        "pct.quarantine" => Tr {
            en: "DMARC failed, but the policy's pct= sampling left this message out: quarantine was not applied",
            fr: "DMARC a échoué, mais l'échantillonnage pct= de la stratégie a exclu ce message : quarantine n'a pas été appliquée",
            it: "DMARC non superato, ma il campionamento pct= del criterio ha escluso questo messaggio: quarantine non applicato",
            ja: "DMARC は不合格でしたが、ポリシーの pct= による抽出対象外のため quarantine は適用されていません",
        },
        "pct.reject" => Tr {
            en: "DMARC failed, but the policy's pct= sampling left this message out: reject was not applied",
            fr: "DMARC a échoué, mais l'échantillonnage pct= de la stratégie a exclu ce message : reject n'a pas été appliquée",
            it: "DMARC non superato, ma il campionamento pct= del criterio ha escluso questo messaggio: reject non applicato",
            ja: "DMARC は不合格でしたが、ポリシーの pct= による抽出対象外のため reject は適用されていません",
        },
        "permerror" => Tr {
            en: "the DMARC record could not be interpreted",
            fr: "l'enregistrement DMARC est inexploitable",
            it: "il record DMARC non è interpretabile",
            ja: "DMARC レコードを解釈できませんでした",
        },
        "temperror" => Tr {
            en: "the DMARC record could not be fetched (temporary DNS error)",
            fr: "l'enregistrement DMARC n'a pas pu être obtenu (erreur DNS temporaire)",
            it: "il record DMARC non è stato ottenuto (errore DNS temporaneo)",
            ja: "DMARC レコードを取得できませんでした (一時的な DNS エラー)",
        },
        _ => return None,
    })
}

pub const STAMPED_BY: Tr = Tr {
    en: "stamped by `{id}`",
    fr: "apposé par `{id}`",
    it: "apposto da `{id}`",
    ja: "`{id}` が記録",
};

pub const NO_AUTHSERV_ID: Tr = Tr {
    en: "No authserv-id: Microsoft 365 writes its results this way, which RFC 8601 does not allow; the server that stamped them cannot be told from the field itself.",
    fr: "Pas d'authserv-id : Microsoft 365 écrit ses résultats ainsi, ce que la RFC 8601 ne permet pas ; le champ seul ne dit pas quel serveur les a apposés.",
    it: "Nessun authserv-id: Microsoft 365 scrive così i suoi risultati, cosa che la RFC 8601 non consente; dal campo da solo non si capisce quale server li abbia apposti.",
    ja: "authserv-id がありません。Microsoft 365 はこの形式で結果を記録しますが、RFC 8601 には沿っていません。フィールドだけでは記録したサーバーを判別できません。",
};

pub const ARC_COPY: Tr = Tr {
    en: "A copy kept by ARC sealer instance {i}: the verdict of an earlier hop, not of the final receiving server.",
    fr: "Copie conservée par le scelleur ARC d'instance {i} : le verdict d'un saut précédent, pas celui du serveur de réception final.",
    it: "Copia conservata dal sigillatore ARC di istanza {i}: il verdetto di un passaggio precedente, non del server ricevente finale.",
    ja: "ARC インスタンス {i} のシール元が保存した写しです。最終受信サーバーではなく、前のホップの判定です。",
};

pub const ORIGINAL_COPY: Tr = Tr {
    en: "Microsoft 365 keeps the previous hop's results here; the verdict that counts is in Authentication-Results.",
    fr: "Microsoft 365 conserve ici les résultats du saut précédent ; le verdict qui compte est dans Authentication-Results.",
    it: "Microsoft 365 conserva qui i risultati del passaggio precedente; il verdetto che conta è in Authentication-Results.",
    ja: "Microsoft 365 は前のホップの結果をここに残します。有効な判定は Authentication-Results にあります。",
};

pub const REASON: Tr = Tr {
    en: "reason",
    fr: "raison",
    it: "motivo",
    ja: "理由",
};

pub const COMMENT: Tr = Tr {
    en: "comment",
    fr: "commentaire",
    it: "commento",
    ja: "コメント",
};

pub const RESULTS: Tr = Tr {
    en: "results",
    fr: "résultats",
    it: "risultati",
    ja: "結果",
};

pub const NO_RESULT: Tr = Tr {
    en: "The server evaluated no method (`none`).",
    fr: "Le serveur n'a évalué aucune méthode (`none`).",
    it: "Il server non ha valutato alcun metodo (`none`).",
    ja: "サーバーはどのメソッドも評価していません (`none`)。",
};

pub const RESULTS_FIELD: Tr = Tr {
    en: "Authentication results recorded by a receiving server (RFC 8601). Only results stamped by your own servers can be trusted; others may have been forged upstream.",
    fr: "Résultats d'authentification notés par un serveur de réception (RFC 8601). Seuls ceux apposés par vos propres serveurs sont fiables ; les autres peuvent avoir été falsifiés en amont.",
    it: "Risultati di autenticazione registrati da un server ricevente (RFC 8601). Solo quelli apposti dai tuoi server sono affidabili; gli altri possono essere stati falsificati a monte.",
    ja: "受信サーバーが記録した認証結果 (RFC 8601) です。信頼できるのは自組織のサーバーが記録したものだけで、それ以外は途中で偽造されている可能性があります。",
};

pub const RECEIVED_SPF_FIELD: Tr = Tr {
    en: "Received-SPF (RFC 7208 §9.1) records the SPF check made by the server that received the message.",
    fr: "Received-SPF (RFC 7208 §9.1) note la vérification SPF faite par le serveur qui a reçu le message.",
    it: "Received-SPF (RFC 7208 §9.1) registra la verifica SPF fatta dal server che ha ricevuto il messaggio.",
    ja: "Received-SPF (RFC 7208 §9.1) は、メッセージを受信したサーバーが行った SPF 検査の記録です。",
};

pub const DNS_CHECK: Tr = Tr {
    en: "Check in DNS",
    fr: "Vérifier dans le DNS",
    it: "Verifica nel DNS",
    ja: "DNS で確認",
};

pub const LIMIT: Tr = Tr {
    en: "Authentication headers are analysed up to the first {max} relevant fields of a document; the ones from here on are not checked.",
    fr: "Les en-têtes d'authentification sont analysés jusqu'aux {max} premiers champs utiles d'un document ; ceux qui suivent ne sont pas vérifiés.",
    it: "Le intestazioni di autenticazione vengono analizzate fino ai primi {max} campi rilevanti di un documento; quelli da qui in poi non sono verificati.",
    ja: "認証ヘッダーは文書内の関連フィールド最初の {max} 件まで解析します。ここから先は検査していません。",
};
