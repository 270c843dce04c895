//! Sentences about DKIM signatures checked offline: body hashes and keys the user supplied.

use crate::lang::Tr;

pub const BODY_OK: Tr = Tr {
    en: "bh= matches the body: it is as {d} signed it ({canon} body canonicalization)",
    fr: "bh= correspond au corps : il est tel que {d} l'a signé (canonisation {canon} du corps)",
    it: "bh= corrisponde al corpo: è come {d} lo ha firmato (canonicalizzazione {canon} del corpo)",
    ja: "bh= は本文と一致します。本文は {d} が署名したときのままです (本文の正規化: {canon})",
};

pub const BODY_OK_LENGTH: Tr = Tr {
    en: "bh= matches the first {signed} bytes of the body, the part l= signs; the {unsigned} bytes after them are not signed, and anyone could have added them",
    fr: "bh= correspond aux {signed} premiers octets du corps, la partie signée par l= ; les {unsigned} octets suivants ne sont pas signés et n'importe qui a pu les ajouter",
    it: "bh= corrisponde ai primi {signed} byte del corpo, la parte firmata da l=; i {unsigned} byte successivi non sono firmati e chiunque può averli aggiunti",
    ja: "bh= は本文の先頭 {signed} バイト (l= が署名する部分) と一致します。その後の {unsigned} バイトは署名されておらず、誰でも追加できます",
};

pub const BODY_APPENDED: Tr = Tr {
    en: "bh= matches the body without its last {lines} lines: they were added after {d} signed it (a mailing list footer or a disclaimer), so this signature fails",
    fr: "bh= correspond au corps sans ses {lines} dernières lignes : elles ont été ajoutées après la signature de {d} (pied de page d'une liste de diffusion ou avertissement), cette signature échoue donc",
    it: "bh= corrisponde al corpo senza le ultime {lines} righe: sono state aggiunte dopo la firma di {d} (piè di pagina di una mailing list o un disclaimer), quindi questa firma fallisce",
    ja: "bh= は最後の {lines} 行を除いた本文と一致します。これらの行は {d} の署名後に追加されたもの (メーリング リストのフッターや免責文) なので、この署名は失敗します",
};

pub const BODY_CHANGED: Tr = Tr {
    en: "bh= does not match the body: it changed after {d} signed it, so this signature fails. Usual causes: a mailing list footer, a disclaimer added by a gateway, or a gateway rewriting or re-encoding the body (quoted-printable, line wrapping, character set).",
    fr: "bh= ne correspond pas au corps : il a changé après la signature de {d}, cette signature échoue donc. Causes habituelles : un pied de page de liste de diffusion, un avertissement ajouté par une passerelle, ou une passerelle qui réécrit ou réencode le corps (quoted-printable, retour à la ligne, jeu de caractères).",
    it: "bh= non corrisponde al corpo: è cambiato dopo la firma di {d}, quindi questa firma fallisce. Cause abituali: un piè di pagina di una mailing list, un disclaimer aggiunto da un gateway, o un gateway che riscrive o ricodifica il corpo (quoted-printable, a capo, set di caratteri).",
    ja: "bh= が本文と一致しません。本文は {d} の署名後に変更されたため、この署名は失敗します。よくある原因は、メーリング リストのフッター、ゲートウェイが付けた免責文、本文を書き換えたり再エンコードしたりするゲートウェイ (quoted-printable、行の折り返し、文字セット) です。",
};

pub const BODY_CHANGED_LIST: Tr = Tr {
    en: "This message went through a mailing list ({list}), which most likely added its footer or rewrote the body.",
    fr: "Ce message est passé par une liste de diffusion ({list}), qui a très probablement ajouté son pied de page ou réécrit le corps.",
    it: "Questo messaggio è passato da una mailing list ({list}), che molto probabilmente ha aggiunto il suo piè di pagina o riscritto il corpo.",
    ja: "このメッセージはメーリング リスト ({list}) を経由しており、そこでフッターが追加されたか本文が書き換えられた可能性が高いです。",
};

pub const BODY_SIMPLE: Tr = Tr {
    en: "The body is signed with simple canonicalization, where even a space added or removed breaks the hash; relaxed would survive such changes.",
    fr: "Le corps est signé en canonisation simple, où la moindre espace ajoutée ou retirée casse l'empreinte ; relaxed résisterait à ces changements.",
    it: "Il corpo è firmato con canonicalizzazione simple, dove anche uno spazio aggiunto o tolto rompe l'hash; relaxed resisterebbe a questi cambiamenti.",
    ja: "本文は simple 正規化で署名されており、空白 1 つの増減でもハッシュが変わります。relaxed ならこうした変化に耐えます。",
};

pub const BODY_SHORTENED: Tr = Tr {
    en: "l={signed} is longer than the body ({now} bytes after canonicalization): the body was cut after {d} signed it, so this signature fails",
    fr: "l={signed} dépasse la longueur du corps ({now} octets après canonisation) : le corps a été raccourci après la signature de {d}, cette signature échoue donc",
    it: "l={signed} supera la lunghezza del corpo ({now} byte dopo la canonicalizzazione): il corpo è stato accorciato dopo la firma di {d}, quindi questa firma fallisce",
    ja: "l={signed} が本文の長さ (正規化後 {now} バイト) を超えています。本文は {d} の署名後に短くされたため、この署名は失敗します",
};

pub const UNSIGNED: Tr = Tr {
    en: "From here on the body is not covered by the signature of {d} (l={signed}): {unsigned} bytes that anyone could have added after signing",
    fr: "À partir d'ici, le corps n'est pas couvert par la signature de {d} (l={signed}) : {unsigned} octets que n'importe qui a pu ajouter après la signature",
    it: "Da qui in poi il corpo non è coperto dalla firma di {d} (l={signed}): {unsigned} byte che chiunque può aver aggiunto dopo la firma",
    ja: "ここから先の本文は {d} の署名 (l={signed}) の対象外です。署名後に誰でも追加できた {unsigned} バイトです",
};

pub const ADDED: Tr = Tr {
    en: "These {lines} lines were added after {d} signed the message: without them the body hash matches",
    fr: "Ces {lines} lignes ont été ajoutées après la signature du message par {d} : sans elles, l'empreinte du corps correspond",
    it: "Queste {lines} righe sono state aggiunte dopo che {d} ha firmato il messaggio: senza di esse l'hash del corpo corrisponde",
    ja: "この {lines} 行は {d} がメッセージに署名した後に追加されました。これらを除くと本文のハッシュが一致します",
};

pub const VERIFIED: Tr = Tr {
    en: "signature verified with the key for {s}._domainkey.{d} from {source}: the signed headers and body are as {d} signed them.",
    fr: "signature vérifiée avec la clé de {s}._domainkey.{d} lue dans {source} : les en-têtes signés et le corps sont tels que {d} les a signés.",
    it: "firma verificata con la chiave di {s}._domainkey.{d} letta da {source}: le intestazioni firmate e il corpo sono come {d} li ha firmati.",
    ja: "{source} の {s}._domainkey.{d} の鍵で署名を検証しました。署名対象のヘッダーと本文は {d} が署名したときのままです。",
};

pub const HEADERS_VERIFIED: Tr = Tr {
    en: "the signed headers verify with the key for {s}._domainkey.{d} from {source}, so the key is right and the headers are intact; the signature fails only because the body changed (see bh=).",
    fr: "les en-têtes signés se vérifient avec la clé de {s}._domainkey.{d} lue dans {source} : la clé est la bonne et les en-têtes sont intacts ; la signature échoue uniquement parce que le corps a changé (voir bh=).",
    it: "le intestazioni firmate si verificano con la chiave di {s}._domainkey.{d} letta da {source}: la chiave è quella giusta e le intestazioni sono intatte; la firma fallisce solo perché il corpo è cambiato (vedi bh=).",
    ja: "{source} の {s}._domainkey.{d} の鍵で署名対象のヘッダーは検証できました。鍵は正しく、ヘッダーも無傷です。署名が失敗するのは本文が変わったためだけです (bh= を参照)。",
};

pub const RSA_WEAK: Tr = Tr {
    en: "The key has only {bits} bits: RFC 8301 asks signers for 2048, so it is weak and some receivers distrust it.",
    fr: "La clé ne fait que {bits} bits : la RFC 8301 demande 2048 bits aux signataires, elle est donc faible et certains destinataires s'en méfient.",
    it: "La chiave ha solo {bits} bit: la RFC 8301 chiede 2048 bit ai firmatari, quindi è debole e alcuni riceventi non se ne fidano.",
    ja: "鍵は {bits} ビットしかありません。RFC 8301 は署名者に 2048 ビットを求めており、弱い鍵のため信用しない受信側もあります。",
};

pub const RSA_TOO_SHORT: Tr = Tr {
    en: "The key has only {bits} bits: RFC 8301 forbids verifiers to accept keys under 1024 bits, so receivers count this signature as failed.",
    fr: "La clé ne fait que {bits} bits : la RFC 8301 interdit aux vérificateurs d'accepter une clé de moins de 1024 bits, les destinataires considèrent donc cette signature comme en échec.",
    it: "La chiave ha solo {bits} bit: la RFC 8301 vieta ai verificatori di accettare chiavi sotto i 1024 bit, quindi i riceventi considerano fallita questa firma.",
    ja: "鍵は {bits} ビットしかありません。RFC 8301 は 1024 ビット未満の鍵の受け入れを禁じているため、受信側はこの署名を失敗とみなします。",
};

pub const SHA1_WEAK: Tr = Tr {
    en: "It uses rsa-sha1, which is weak and which RFC 8301 forbids: receivers count it as failed even though it verifies.",
    fr: "Elle utilise rsa-sha1, faible et interdit par la RFC 8301 : les destinataires la considèrent comme en échec bien qu'elle se vérifie.",
    it: "Usa rsa-sha1, debole e vietato dalla RFC 8301: i riceventi la considerano fallita anche se si verifica.",
    ja: "rsa-sha1 を使っています。これは弱く RFC 8301 で禁止されているため、検証できても受信側は失敗とみなします。",
};

pub const TESTING: Tr = Tr {
    en: "The key record says t=y (testing): receivers may treat the message as unsigned.",
    fr: "L'enregistrement de clé indique t=y (test) : les destinataires peuvent traiter le message comme non signé.",
    it: "Il record della chiave indica t=y (test): i riceventi possono trattare il messaggio come non firmato.",
    ja: "鍵レコードは t=y (テスト中) です。受信側はメッセージを未署名として扱うことがあります。",
};

pub const FAILED_HEADERS: Tr = Tr {
    en: "signature does not verify with the key for {s}._domainkey.{d} from {source}. The key is the one that signed, so a signed header ({headers}) changed after signing: a gateway or list rewriting From or Subject, for instance",
    fr: "la signature ne se vérifie pas avec la clé de {s}._domainkey.{d} lue dans {source}. La clé est bien celle qui a signé, donc un en-tête signé ({headers}) a changé après la signature : par exemple une passerelle ou une liste qui réécrit From ou Subject",
    it: "la firma non si verifica con la chiave di {s}._domainkey.{d} letta da {source}. La chiave è quella che ha firmato, quindi un'intestazione firmata ({headers}) è cambiata dopo la firma: per esempio un gateway o una lista che riscrive From o Subject",
    ja: "{source} の {s}._domainkey.{d} の鍵では署名を検証できません。鍵は署名に使われたものなので、署名後に署名対象のヘッダー ({headers}) が変わっています。たとえば From や Subject を書き換えるゲートウェイやメーリング リストです",
};

pub const FAILED_KEY: Tr = Tr {
    en: "signature does not verify with the key for {s}._domainkey.{d} from {source}: it was not made with this key. The saved key is not the one that signed (the selector's key was rotated, or another record was saved), or b= was damaged in transit",
    fr: "la signature ne se vérifie pas avec la clé de {s}._domainkey.{d} lue dans {source} : elle n'a pas été faite avec cette clé. La clé enregistrée n'est pas celle qui a signé (la clé du sélecteur a été renouvelée, ou un autre enregistrement a été sauvegardé), ou b= a été abîmé en route",
    it: "la firma non si verifica con la chiave di {s}._domainkey.{d} letta da {source}: non è stata fatta con questa chiave. La chiave salvata non è quella che ha firmato (la chiave del selettore è stata rinnovata, o è stato salvato un altro record), oppure b= si è danneggiato durante il percorso",
    ja: "{source} の {s}._domainkey.{d} の鍵では署名を検証できません。この鍵で作られた署名ではありません。保存した鍵が署名に使われたものではない (セレクターの鍵が更新された、別のレコードを保存した) か、途中で b= が壊れています",
};

pub const FAILED_EITHER: Tr = Tr {
    en: "signature does not verify with the key for {s}._domainkey.{d} from {source}: a signed header ({headers}) changed after signing, or the saved key is not the one that signed",
    fr: "la signature ne se vérifie pas avec la clé de {s}._domainkey.{d} lue dans {source} : un en-tête signé ({headers}) a changé après la signature, ou la clé enregistrée n'est pas celle qui a signé",
    it: "la firma non si verifica con la chiave di {s}._domainkey.{d} letta da {source}: un'intestazione firmata ({headers}) è cambiata dopo la firma, oppure la chiave salvata non è quella che ha firmato",
    ja: "{source} の {s}._domainkey.{d} の鍵では署名を検証できません。署名後に署名対象のヘッダー ({headers}) が変わったか、保存した鍵が署名に使われたものではありません",
};

pub const KEY_REVOKED: Tr = Tr {
    en: "the key for {s}._domainkey.{d} in {source} is revoked (empty p=): no signature with this selector can verify",
    fr: "la clé de {s}._domainkey.{d} dans {source} est révoquée (p= vide) : aucune signature avec ce sélecteur ne peut se vérifier",
    it: "la chiave di {s}._domainkey.{d} in {source} è revocata (p= vuoto): nessuna firma con questo selettore può verificarsi",
    ja: "{source} の {s}._domainkey.{d} の鍵は失効しています (p= が空)。このセレクターの署名はどれも検証できません",
};

pub const KEY_NOT_DKIM: Tr = Tr {
    en: "the TXT record for {s}._domainkey.{d} in {source} is not a DKIM key (v={v}); save the selector's record again",
    fr: "l'enregistrement TXT de {s}._domainkey.{d} dans {source} n'est pas une clé DKIM (v={v}) ; sauvegardez de nouveau l'enregistrement du sélecteur",
    it: "il record TXT di {s}._domainkey.{d} in {source} non è una chiave DKIM (v={v}); salva di nuovo il record del selettore",
    ja: "{source} の {s}._domainkey.{d} の TXT レコードは DKIM 鍵ではありません (v={v})。セレクターのレコードを保存し直してください",
};

pub const KEY_UNREADABLE: Tr = Tr {
    en: "the key for {s}._domainkey.{d} in {source} cannot be read: p= is not a valid {k} public key (a string cut short when it was saved?)",
    fr: "la clé de {s}._domainkey.{d} dans {source} est illisible : p= n'est pas une clé publique {k} valide (une chaîne tronquée à la sauvegarde ?)",
    it: "la chiave di {s}._domainkey.{d} in {source} non è leggibile: p= non è una chiave pubblica {k} valida (una stringa troncata al salvataggio?)",
    ja: "{source} の {s}._domainkey.{d} の鍵を読めません。p= が有効な {k} 公開鍵ではありません (保存時に文字列が切れた可能性があります)",
};

pub const KEY_WRONG_TYPE: Tr = Tr {
    en: "the key for {s}._domainkey.{d} in {source} is k={k}, but the signature needs a {a} key: it cannot verify",
    fr: "la clé de {s}._domainkey.{d} dans {source} est k={k}, mais la signature demande une clé {a} : elle ne peut pas se vérifier",
    it: "la chiave di {s}._domainkey.{d} in {source} è k={k}, ma la firma richiede una chiave {a}: non può verificarsi",
    ja: "{source} の {s}._domainkey.{d} の鍵は k={k} ですが、署名には {a} 鍵が必要です。検証できません",
};

pub const KEY_HASH: Tr = Tr {
    en: "the key for {s}._domainkey.{d} in {source} allows only h={allowed}, but the signature hashes with {used}: receivers reject it",
    fr: "la clé de {s}._domainkey.{d} dans {source} n'autorise que h={allowed}, mais la signature utilise {used} : les destinataires la rejettent",
    it: "la chiave di {s}._domainkey.{d} in {source} ammette solo h={allowed}, ma la firma usa {used}: i riceventi la rifiutano",
    ja: "{source} の {s}._domainkey.{d} の鍵は h={allowed} のみを許可していますが、署名は {used} を使っています。受信側は拒否します",
};

pub const HOW_BODY: Tr = Tr {
    en: "mail-lsp canonicalized the body as the signature's c= and l= say and compared its hash with bh=, without any network access.",
    fr: "mail-lsp a canonisé le corps comme l'indiquent c= et l= de la signature et comparé son empreinte à bh=, sans aucun accès réseau.",
    it: "mail-lsp ha canonicalizzato il corpo come indicano c= e l= della firma e ne ha confrontato l'hash con bh=, senza alcun accesso alla rete.",
    ja: "mail-lsp は署名の c= と l= に従って本文を正規化し、そのハッシュを bh= と比べました。ネットワークには一切アクセスしていません。",
};

pub const HOW_SIGNATURE: Tr = Tr {
    en: "mail-lsp checked b= over the fields h= lists, with the key from the file you supplied; it never looks keys up in DNS.",
    fr: "mail-lsp a vérifié b= sur les en-têtes cités par h=, avec la clé du fichier que vous avez fourni ; il ne cherche jamais de clé dans le DNS.",
    it: "mail-lsp ha verificato b= sulle intestazioni elencate in h=, con la chiave del file fornito; non cerca mai chiavi nel DNS.",
    ja: "mail-lsp は h= に列挙されたヘッダーについて、指定されたファイルの鍵で b= を検証しました。DNS で鍵を調べることはありません。",
};

pub const SAVE_KEY: Tr = Tr {
    en: "To verify this signature here, save its key with the second command below and pass the file to `mail-lsp check --dkim-keys FILE` or the `dkim.keyFiles` setting.",
    fr: "Pour vérifier cette signature ici, sauvegardez sa clé avec la deuxième commande ci-dessous et passez le fichier à `mail-lsp check --dkim-keys FICHIER` ou au réglage `dkim.keyFiles`.",
    it: "Per verificare qui questa firma, salva la sua chiave con il secondo comando qui sotto e passa il file a `mail-lsp check --dkim-keys FILE` o all'impostazione `dkim.keyFiles`.",
    ja: "ここでこの署名を検証するには、下の 2 つ目のコマンドで鍵を保存し、そのファイルを `mail-lsp check --dkim-keys FILE` か設定 `dkim.keyFiles` に渡してください。",
};
