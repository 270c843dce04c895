;;; mail-lsp-test.el --- Batch tests of editors/emacs/mail-lsp.el with Eglot -*- lexical-binding: t -*-

;; Run from the repository root:
;;   MAIL_LSP_BIN=target/release/mail-lsp emacs --batch -q -L editors/emacs \
;;     -l tests/editors/emacs/mail-lsp-test.el -f mail-lsp-test-run

;;; Code:

(require 'ert)
(require 'cl-lib)
(require 'subr-x)
(require 'eglot)
(require 'flymake)
(require 'mail-lsp)

(defconst mail-lsp-test-repo
  (expand-file-name "../../.." (file-name-directory (or load-file-name buffer-file-name))))

(defconst mail-lsp-test-fixtures (expand-file-name "tests/editors/fixtures" mail-lsp-test-repo))

(setq mail-lsp-server-program (or (getenv "MAIL_LSP_BIN")
                                  (expand-file-name "target/release/mail-lsp" mail-lsp-test-repo))
      eglot-sync-connect 10
      eglot-autoshutdown nil
      make-backup-files nil
      create-lockfiles nil)

(defun mail-lsp-test--wait (what predicate &optional seconds)
  "Wait up to SECONDS (default 15) for PREDICATE; fail naming WHAT."
  (let ((deadline (+ (float-time) (or seconds 15))))
    (while (and (not (funcall predicate)) (< (float-time) deadline))
      (accept-process-output nil 0.05))
    (or (funcall predicate) (ert-fail (format "timed out waiting for %s" what)))))

(defun mail-lsp-test--open (file)
  "Visit FILE and connect Eglot to it; return the buffer."
  (let ((buffer (find-file-noselect file)))
    (with-current-buffer buffer
      (unless (eglot-current-server)
        (apply #'eglot (eglot--guess-contact)))
      (mail-lsp-test--wait "eglot to manage the buffer" (lambda () (eglot-managed-p))))
    buffer))

(defun mail-lsp-test--diagnostics ()
  "The buffer's Flymake diagnostics, sorted, once there are some."
  (mail-lsp-test--wait "diagnostics"
                       (lambda () (flymake-start) (flymake-diagnostics)))
  (sort (flymake-diagnostics) (lambda (a b) (< (flymake-diagnostic-beg a) (flymake-diagnostic-beg b)))))

(defun mail-lsp-test--position-of (text)
  "Buffer position of the first TEXT."
  (save-excursion
    (goto-char (point-min))
    (search-forward text)
    (match-beginning 0)))

(defun mail-lsp-test--temp-file (name first-line)
  "A file NAME in a fresh directory whose first line is FIRST-LINE."
  (let ((file (expand-file-name name (make-temp-file "mail-lsp-test" t))))
    (with-temp-file file (insert first-line "\nx\n"))
    file))

(ert-deftest mail-lsp-modes-follow-file-names-and-first-lines ()
  (cl-flet ((mode-of (file)
              (with-current-buffer (find-file-noselect file)
                (prog1 major-mode (kill-buffer)))))
    (should (eq (mode-of (expand-file-name "bounce-ja.eml" mail-lsp-test-fixtures)) 'mail-lsp-message-mode))
    (should (eq (mode-of (expand-file-name "mail.log" mail-lsp-test-fixtures)) 'mail-lsp-log-mode))
    (should (eq (mode-of (mail-lsp-test--temp-file "exim_mainlog" "2024-11-04 09:12:01 x")) 'mail-lsp-log-mode))
    (should (eq (mode-of (mail-lsp-test--temp-file "sender_access" "spam@example.com REJECT")) 'mail-lsp-postfix-map-mode))
    (should (eq (mode-of (mail-lsp-test--temp-file "trace.csv" "\"date_time_utc\",\"client_ip\",\"client_hostname\""))
                'mail-lsp-log-mode))
    (should (eq (mode-of (mail-lsp-test--temp-file "tracking.log" "#Software: Microsoft Exchange Server"))
                'mail-lsp-log-mode))
    (should-not (eq (mode-of (mail-lsp-test--temp-file "app.log" "started")) 'mail-lsp-log-mode))
    (should-not (eq (mode-of (mail-lsp-test--temp-file "report.msg" "binary")) 'mail-lsp-message-mode))))

(ert-deftest mail-lsp-registers-one-eglot-entry-per-mode ()
  (dolist (pair mail-lsp-language-ids)
    (should (assoc (list (list (car pair) :language-id (cdr pair))) eglot-server-programs)))
  (let ((mail-lsp-server-program nil)
        (process-environment (cons "MAIL_LSP_PATH=/opt/mail-lsp" process-environment)))
    (should (equal (car (mail-lsp--eglot-contact)) "/opt/mail-lsp"))
    (should (eq (plist-get (cdr (mail-lsp--eglot-contact)) :initializationOptions) mail-lsp-settings))))

(ert-deftest mail-lsp-settings-mirror-the-shared-schema ()
  (let* ((json-object-type 'alist) (json-array-type 'list) (json-key-type 'string)
         (shared (json-read-file (expand-file-name "editors/settings.json" mail-lsp-test-repo)))
         (flat nil))
    (cl-labels ((walk (prefix plist)
                  (cl-loop for (key value) on plist by #'cddr
                           for name = (concat prefix (substring (symbol-name key) 1))
                           do (if (and (consp value) (keywordp (car value)))
                                  (walk (concat name ".") value)
                                (push (cons name value) flat)))))
      (walk "" mail-lsp-settings))
    (dolist (setting (cdr (assoc "server" shared)))
      (let* ((key (cdr (assoc "key" setting)))
             (want (cdr (assoc "default" setting)))
             (got (cdr (assoc key flat))))
        (should (assoc key flat))
        (should (equal (pcase got (:json-false :json-false) ((pred vectorp) (append got nil)) (_ got))
                       (pcase want (:json-false :json-false) (_ want))))))
    (should (= (length flat) (length (cdr (assoc "server" shared)))))))

(ert-deftest mail-lsp-eglot-diagnostics-hover-and-actions-on-a-bounce ()
  (let ((buffer (mail-lsp-test--open (expand-file-name "bounce-ja.eml" mail-lsp-test-fixtures))))
    (with-current-buffer buffer
      (let* ((server (eglot-current-server))
             (code-at (mail-lsp-test--position-of "550 5.1.1 RESOLVER"))
             (first (car (mail-lsp-test--diagnostics))))
        ;; The line has Japanese text and U+20BB7 before the code: the range must still be exact.
        (should (string-match-p "見つかりません" (buffer-substring (line-beginning-position 0) code-at)))
        (should (= (flymake-diagnostic-beg first) code-at))
        (should (= (flymake-diagnostic-end first) (+ code-at (length "550 5.1.1"))))
        (should (eq (flymake-diagnostic-type first) 'eglot-error))
        (should (string-match-p "5\\.1\\.1" (flymake-diagnostic-text first)))
        (save-excursion
          (goto-char (+ code-at 5))
          (let* ((hover (jsonrpc-request server :textDocument/hover (eglot--TextDocumentPositionParams)))
                 (text (plist-get (plist-get hover :contents) :value)))
            (should (string-match-p "5\\.1\\.1" text))
            (should (string-match-p "Source" text))
            (should (string-match-p "Exchange Online" text)))
          (let* ((pos (eglot--pos-to-lsp-position (point)))
                 (actions (jsonrpc-request server :textDocument/codeAction
                                           (list :textDocument (eglot--TextDocumentIdentifier)
                                                 :range (list :start pos :end pos)
                                                 :context (list :diagnostics []))))
                 (titles (mapcar (lambda (a) (plist-get a :title)) actions))
                 (open (cl-find-if (lambda (a) (string-prefix-p "Open remediation: " (plist-get a :title)))
                                   actions)))
            (should open)
            (should (equal (plist-get (plist-get open :command) :command) "mail-lsp.openUrl"))
            (should (cl-some (lambda (title) (string-match-p "\\`Explain .*5\\.1\\.1 in detail\\'" title)) titles))))))))

(ert-deftest mail-lsp-eglot-reads-a-mail-log-as-a-log ()
  (let ((buffer (mail-lsp-test--open (expand-file-name "mail.log" mail-lsp-test-fixtures))))
    (with-current-buffer buffer
      (should (eq major-mode 'mail-lsp-log-mode))
      (let ((texts (mapcar #'flymake-diagnostic-text (mail-lsp-test--diagnostics))))
        (should (cl-some (lambda (text) (string-match-p "5\\.1\\.1" text)) texts))
        (should (cl-some (lambda (text) (string-match-p "4\\.4\\.7" text)) texts))))))

(ert-deftest mail-lsp-server-exits-on-shutdown-and-exit ()
  ;; What Eglot sends when Emacs quits or the user shuts the server down. Eglot then deletes the
  ;; process at once, so send the two messages by hand and let the server end by itself.
  (let* ((buffer (mail-lsp-test--open (expand-file-name "bounce-ja.eml" mail-lsp-test-fixtures)))
         (server (with-current-buffer buffer (eglot-current-server)))
         (process (jsonrpc--process server)))
    (should (process-live-p process))
    (setf (eglot--shutdown-requested server) t)
    (jsonrpc-request server :shutdown nil :timeout 5)
    (jsonrpc-notify server :exit nil)
    (mail-lsp-test--wait "the server process to exit" (lambda () (not (process-live-p process))) 10)
    (should (eq (process-status process) 'exit))
    (should (= (process-exit-status process) 0))))

(defun mail-lsp-test-run ()
  "Run the tests, print a closing summary line and exit with their status."
  (let* ((stats (ert-run-tests-batch t))
         (failed (+ (ert-stats-completed-unexpected stats) (ert-stats-skipped stats)))
         (passed (ert-stats-completed-expected stats)))
    (dolist (server (hash-table-values eglot--servers-by-project))
      (ignore-errors (mapc #'eglot-shutdown server)))
    (princ (format "%d passed, %d failed\n" passed failed))
    (kill-emacs (if (zerop failed) 0 1))))

;;; mail-lsp-test.el ends here
