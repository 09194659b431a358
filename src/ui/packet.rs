//! Building the packet from the UI: sends the case, the letter and the attachments to the
//! packet worker, then offers the PDF as a download and an in-page preview. When the engine
//! says the packet is a draft (validation errors or missing inputs left: every page is stamped
//! "DRAFT — not for submission"), the message says "Draft packet" with the counts instead of
//! "Packet ready", and the packet's notes on the Review step start with the same.

use crate::ui::AppContext;
use crate::ui::state::{Action, Banner, BannerKind, PacketInfo};
use crate::web::{download, packet_client};

/// The file name of the downloaded packet (no patient data in it).
pub const PACKET_FILE_NAME: &str = "retro-auth-request.pdf";

/// Builds the packet for the current state and downloads it.
pub fn generate(state: &AppContext, letter: String, today: String) {
    if state.building_packet {
        return;
    }
    let case_json = state.case.to_json_pretty();
    let attachments: Vec<packet_client::Attachment> = state
        .attachments
        .iter()
        .map(|a| packet_client::Attachment { name: a.name.clone(), bytes: a.bytes.clone() })
        .collect();
    let previous_url = state.last_packet.as_ref().and_then(|p| p.url.clone());
    let dispatcher = state.dispatcher();
    dispatcher.dispatch(Action::PacketStarted);
    wasm_bindgen_futures::spawn_local(async move {
        match packet_client::build_packet(&case_json, &letter, &today, "letter", &attachments).await {
            Ok(packet) => {
                if let Some(url) = previous_url {
                    let _ = web_sys::Url::revoke_object_url(&url);
                }
                let url = download::object_url(&packet.bytes, "application/pdf").ok();
                let mut warnings = packet.warnings.clone();
                if let Some(draft) = &packet.draft {
                    warnings.insert(0, draft_note(draft));
                }
                let info = PacketInfo {
                    page_count: packet.page_count,
                    sha256: packet.sha256.clone(),
                    n_bytes: packet.bytes.len(),
                    url,
                    warnings,
                };
                crate::web::widget::notify_complete(&packet.bytes, &packet.sha256, PACKET_FILE_NAME);
                match download::download_bytes(&packet.bytes, "application/pdf", PACKET_FILE_NAME) {
                    Ok(()) => {
                        let page_count = info.page_count;
                        dispatcher.dispatch(Action::PacketReady(info));
                        if let Some(draft) = &packet.draft {
                            dispatcher.dispatch(Action::Notify(Banner {
                                kind: BannerKind::Error,
                                text: draft_banner(draft, page_count),
                            }));
                        }
                    }
                    Err(_) => {
                        dispatcher.dispatch(Action::PacketFailed("the download could not be started".to_string()))
                    }
                }
            }
            Err(message) => {
                crate::web::widget::notify_error("packet_failed", &message);
                dispatcher.dispatch(Action::PacketFailed(message));
            }
        }
    });
}

/// The message shown instead of "Packet ready" for a draft (counts only, no patient data).
pub fn draft_banner(draft: &packet_client::Draft, page_count: u32) -> String {
    format!(
        "Draft packet: {page_count} pages, every page stamped \u{201c}DRAFT \u{2014} not for submission\u{201d} \
         ({}). The download has started; fix the case and build it again before sending.",
        draft.summary
    )
}

/// The first of the packet's notes on the Review step for a draft.
pub fn draft_note(draft: &packet_client::Draft) -> String {
    format!(
        "Draft packet: every page is stamped \u{201c}DRAFT \u{2014} not for submission\u{201d} because the case still \
         has {}. It is not for sending to the payer.",
        draft.summary
    )
}
