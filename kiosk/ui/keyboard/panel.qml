// The kiosk's on-screen keyboard: Qt Virtual Keyboard's InputPanel, hosted by KeyboardDock
// (kiosk/ui/keyboard/host.py) in a QQuickWidget at the bottom of the main window.
import QtQuick
import QtQuick.VirtualKeyboard
import QtQuick.VirtualKeyboard.Settings

Item {
    id: root
    // The style's design height (of a 2560 wide design): raised by the dock above the default
    // 800 when that would give keys smaller than the touch target.
    property real designHeight: 800
    // The candidate bar's height (0: the style's own).
    property real candidateHeight: 0
    readonly property bool active: inputPanel.active
    readonly property real panelHeight: inputPanel.height

    function setLocales(locales, locale) {
        VirtualKeyboardSettings.activeLocales = locales
        VirtualKeyboardSettings.locale = locale
    }
    function setLocale(locale) { VirtualKeyboardSettings.locale = locale }
    function currentLocale() { return VirtualKeyboardSettings.locale }
    function setUserDataPath(path) { VirtualKeyboardSettings.userDataPath = path }
    function userDataPath() { return VirtualKeyboardSettings.userDataPath }
    function resetUserData() { VirtualKeyboardSettings.userDataReset() }
    function preeditText() { return InputContext.preeditText }
    function selectCandidate(index) {
        InputContext.inputEngine.wordCandidateListModel.selectItem(index)
    }

    Component.onCompleted: {
        // A steady bar: the screen above does not jump when candidates come and go.
        VirtualKeyboardSettings.wordCandidateList.alwaysVisible = true
        // Nothing slides: candidates are where they are drawn, at once (calmer for elderly eyes).
        inputPanel.keyboard.noAnimations = true
    }

    InputPanel {
        id: inputPanel
        objectName: "inputPanel"
        width: root.width
        anchors.bottom: root.bottom
        // Two languages: the globe key switches to the other at once, without a list.
        externalLanguageSwitchEnabled: true
        onExternalLanguageSwitch: function(localeList, currentIndex) {
            VirtualKeyboardSettings.locale = localeList[(currentIndex + 1) % localeList.length]
        }
    }
    Binding {
        target: inputPanel.keyboard.style
        property: "keyboardDesignHeight"
        value: root.designHeight
        when: inputPanel.keyboard.style !== null
    }
    Binding {
        target: inputPanel.keyboard.style
        property: "selectionListHeight"
        value: root.candidateHeight
        when: inputPanel.keyboard.style !== null && root.candidateHeight > 0
    }
}
