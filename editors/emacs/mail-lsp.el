;;; mail-lsp.el --- Major modes for mail files and the mail-lsp language server -*- lexical-binding: t -*-

;; Copyright (C) mail-lsp contributors
;; SPDX-License-Identifier: MIT OR Apache-2.0
;; URL: https://github.com/mail-lsp/mail-lsp
;; Version: 0.1.0
;; Package-Requires: ((emacs "27.1"))
;; Keywords: mail, languages, tools

;;; Commentary:

;; mail-lsp explains SMTP status codes, bounces (NDRs and DSNs), mail logs and authentication
;; headers: diagnostics on each code, hover (eldoc) with the catalog's explanation, and code
;; actions that open the vendor's remediation article.
;;
;; This file provides three small major modes and registers the server with Eglot:
;;
;;   `mail-lsp-message-mode'      .eml and .mbox files          (language id "email")
;;   `mail-lsp-log-mode'          mail.log, maillog, exim logs,  (language id "mail-log")
;;                                Exchange tracking logs, M365 message-trace CSV
;;   `mail-lsp-postfix-map-mode'  Postfix access maps and checks (language id "postfix-access")
;;
;; Setup:
;;
;;   (add-to-list 'load-path "/path/to/mail-lsp/editors/emacs")
;;   (require 'mail-lsp)
;;   (add-hook 'mail-lsp-message-mode-hook #'eglot-ensure)
;;   (add-hook 'mail-lsp-log-mode-hook #'eglot-ensure)
;;   (add-hook 'mail-lsp-postfix-map-mode-hook #'eglot-ensure)
;;
;; The server is `mail-lsp' on PATH, or $MAIL_LSP_PATH, or `mail-lsp-server-program'.  Settings
;; go in `mail-lsp-settings' (sent as initializationOptions) or, per project, in the `:mailLsp'
;; section of `eglot-workspace-configuration'.  For lsp-mode, see editors/README.md.

;;; Code:

(require 'cl-lib)

(defgroup mail-lsp nil
  "Mail files and the mail-lsp language server."
  :group 'mail
  :prefix "mail-lsp-")

(defcustom mail-lsp-server-program nil
  "The mail-lsp executable.
When nil, use the environment variable MAIL_LSP_PATH if set, else
\"mail-lsp\" from the variable `exec-path'."
  :type '(choice (const :tag "MAIL_LSP_PATH or mail-lsp on PATH" nil) file))

(defcustom mail-lsp-server-args nil
  "Extra arguments for the server, such as (\"--log-file\" \"/tmp/mail-lsp.log\")."
  :type '(repeat string))

(defcustom mail-lsp-settings
  '(:language "auto"
    :diagnostics (:maxPerDocument 1000
                  :successCodes :json-false
                  :debounceMs 200
                  :authentication t
                  :antispam t)
    :catalog (:extraPaths [])
    :dkim (:keyFiles [])
    :logFormats "auto"
    :kind "auto"
    :trustedAuthservIds []
    :trace "off")
  "Settings sent to the server as initializationOptions.
A plist in Eglot's JSON conventions: `:json-false' for false and
vectors for lists.  The keys are documented in editors/README.md."
  :type 'plist)

(defun mail-lsp-server-command ()
  "Return the command line to start the server with."
  (let ((env (getenv "MAIL_LSP_PATH")))
    (cons (cond (mail-lsp-server-program)
                ((and env (not (equal env ""))) env)
                (t "mail-lsp"))
          mail-lsp-server-args)))

;;;; Highlighting

(defconst mail-lsp--status-code-regexp
  "\\_<\\(?:\\([2-5][0-9][0-9]\\)[ -]\\)?\\([245]\\.[0-9]\\{1,3\\}\\.[0-9]\\{1,3\\}\\)\\_>"
  "A reply code and the enhanced status code after it.")

(defconst mail-lsp--message-font-lock
  `(("^\\([!-9;-~]+\\):" 1 font-lock-keyword-face)
    ("=\\?\\([^? \t\n]+\\)\\?[BbQq]\\?[^? \t\n]*\\?=" (0 font-lock-string-face) (1 font-lock-type-face t))
    ("<\\([^<> \t\n]*@[^<> \t\n]*\\)>" 1 font-lock-constant-face)
    ("\\_<\\(spf\\|dkim\\|dmarc\\|arc\\|compauth\\)=\\(fail\\|softfail\\|permerror\\|temperror\\)"
     2 font-lock-warning-face)
    (,mail-lsp--status-code-regexp (1 font-lock-builtin-face nil t) (2 font-lock-builtin-face)))
  "Header names, encoded words, addresses, failed verdicts and status codes.")

(defconst mail-lsp--log-font-lock
  `(("^#.*$" . font-lock-comment-face)
    ("^[A-Z][a-z][a-z] [ 0-9][0-9] [0-9:]\\{8\\}" . font-lock-doc-face)
    ("\\_<status=\\(bounced\\|expired\\|undeliverable\\)\\_>" 1 font-lock-warning-face)
    ("\\_<status=deferred\\_>" . font-lock-type-face)
    ("<\\([^<> \t\n]*@[^<> \t\n]*\\)>" 1 font-lock-constant-face)
    (,mail-lsp--status-code-regexp (1 font-lock-builtin-face nil t) (2 font-lock-builtin-face)))
  "Timestamps, delivery statuses, addresses and status codes.")

(defconst mail-lsp--map-font-lock
  `(("^[ \t]*#.*$" . font-lock-comment-face)
    ("\\_<\\(REJECT\\|DEFER\\|DEFER_IF_PERMIT\\|DEFER_IF_REJECT\\|DISCARD\\|HOLD\\|WARN\\|OK\\|DUNNO\\|PREPEND\\|REDIRECT\\|FILTER\\|BCC\\|IGNORE\\|INFO\\|PASS\\)\\_>"
     . font-lock-keyword-face)
    (,mail-lsp--status-code-regexp (1 font-lock-builtin-face nil t) (2 font-lock-builtin-face)))
  "Comments, actions and status codes.")

;;;; Modes

;;;###autoload
(define-derived-mode mail-lsp-message-mode text-mode "Mail-Msg"
  "Major mode for reading mail messages, bounces and mbox files."
  (setq-local font-lock-defaults '(mail-lsp--message-font-lock t))
  (setq-local truncate-lines t))

;;;###autoload
(define-derived-mode mail-lsp-log-mode text-mode "Mail-Log"
  "Major mode for mail-server logs."
  (setq-local font-lock-defaults '(mail-lsp--log-font-lock t))
  (setq-local truncate-lines t)
  (setq-local comment-start "# "))

;;;###autoload
(define-derived-mode mail-lsp-postfix-map-mode prog-mode "Postfix-Map"
  "Major mode for Postfix lookup tables: access maps, header and body checks."
  (setq-local font-lock-defaults '(mail-lsp--map-font-lock t))
  (setq-local comment-start "# ")
  (setq-local comment-start-skip "#+[ \t]*"))

;;;###autoload
(progn
  (add-to-list 'auto-mode-alist '("\\.\\(eml\\|mbox\\)\\'" . mail-lsp-message-mode))
  (add-to-list 'auto-mode-alist
               '("/\\(mail\\.\\(log\\|err\\|warn\\|info\\)\\(\\.[0-9]+\\)?\\|maillog\\(-[0-9]+\\)?\\|\\(exim_\\)?\\(main\\|reject\\|panic\\)log\\)\\'"
                 . mail-lsp-log-mode))
  (add-to-list 'auto-mode-alist '("/\\(MSGTRK\\|RECV[0-9]\\|SEND[0-9]\\)[^/]*\\.LOG\\'" . mail-lsp-log-mode))
  (add-to-list 'auto-mode-alist
               '("/\\(access\\|[^/]*_access\\|[^/]*_checks\\)\\(\\.\\(pcre\\|regexp\\)\\)?\\'"
                 . mail-lsp-postfix-map-mode))
  ;; Exchange logs and Microsoft 365 message-trace exports, by their first line.
  (add-to-list 'magic-mode-alist
               '("\\`\\(?:\357\273\277\\)?\\(?:#Software: Microsoft Exchange Server\\|#Log-type: \\(?:Message Tracking\\|SMTP [A-Za-z]+ Protocol\\) Log\\|\"?\\(?:date_time_utc\\|origin_timestamp_utc\\)\"?,\\|\"?Received\"?,\"?SenderAddress\"?,\\|received,sender_address,\\)"
                 . mail-lsp-log-mode)))

;;;; Eglot

(defconst mail-lsp-language-ids
  '((mail-lsp-message-mode . "email")
    (mail-lsp-log-mode . "mail-log")
    (mail-lsp-postfix-map-mode . "postfix-access"))
  "The language id the server is told for each mode.")

(defun mail-lsp--eglot-contact (&optional _interactive)
  "The Eglot contact: the server command and the initializationOptions."
  (append (mail-lsp-server-command)
          (list :initializationOptions mail-lsp-settings)))

;;;###autoload
(defun mail-lsp-eglot-register ()
  "Register mail-lsp with Eglot, one entry per mode.
Separate entries keep each mode's language id also on Eglot
versions that send one language id per server."
  (defvar eglot-server-programs)
  (pcase-dolist (`(,mode . ,id) (reverse mail-lsp-language-ids))
    (let ((modes (list (list mode :language-id id))))
      (setq eglot-server-programs
            (cl-remove-if (lambda (entry) (equal (car entry) modes)) eglot-server-programs))
      (push (cons modes #'mail-lsp--eglot-contact) eglot-server-programs))))

;;;###autoload
(with-eval-after-load 'eglot (mail-lsp-eglot-register))

(provide 'mail-lsp)
;;; mail-lsp.el ends here
