; Included by electron-builder's NSIS installer (electron-builder.yml, nsis.include).
; electron-builder registers URL schemes only on macOS and Linux, so the installer registers
; Parley as the xmpp: handler (RFC 5122) itself, per user or per machine as installed (SHCTX).

!macro customInstall
  WriteRegStr SHCTX "Software\Classes\xmpp" "" "URL:XMPP"
  WriteRegStr SHCTX "Software\Classes\xmpp" "URL Protocol" ""
  WriteRegStr SHCTX "Software\Classes\xmpp\DefaultIcon" "" "$INSTDIR\${APP_EXECUTABLE_FILENAME},0"
  WriteRegStr SHCTX "Software\Classes\xmpp\shell\open\command" "" '"$INSTDIR\${APP_EXECUTABLE_FILENAME}" "%1"'
!macroend

!macro customUnInstall
  ; Only when the handler is still ours: another client may have taken xmpp: since.
  ReadRegStr $0 SHCTX "Software\Classes\xmpp\shell\open\command" ""
  StrCmp $0 '"$INSTDIR\${APP_EXECUTABLE_FILENAME}" "%1"' 0 +2
    DeleteRegKey SHCTX "Software\Classes\xmpp"
!macroend
